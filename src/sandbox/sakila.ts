// The sample database: Sakila's tables, indexes, FKs and triggers, with rows generated in SQL
// from MariaDB's SEQUENCE engine. Everything is deterministic (MOD/CRC32 arithmetic, fixed
// dates), so row counts and query results are the same on every machine.

import { FIRST_NAMES, ACTOR_FIRST, ACTOR_LAST, CUSTOMER_LAST, TITLE_1, TITLE_2, ADJ, GENRE, NOUN, VERB, PLACE, CATEGORIES, LANGUAGES } from './sakilaWords';
import { COUNTRIES, CITY_1, CITY_2, STREETS, DISTRICTS } from './sakilaPlaces';

/** Bump when the statements below change; a running sandbox then reloads sakila. */
export const SAKILA_VERSION = 1;

export const SAKILA_TABLES = [
  'actor',
  'address',
  'category',
  'city',
  'country',
  'customer',
  'film',
  'film_actor',
  'film_category',
  'film_text',
  'inventory',
  'language',
  'payment',
  'rental',
  'staff',
  'store',
] as const;

export const SAKILA_ROWS: Record<(typeof SAKILA_TABLES)[number], number> = {
  actor: 200,
  address: 2004,
  category: 16,
  city: 600,
  country: 100,
  customer: 2000,
  film: 1000,
  film_actor: 5000,
  film_category: 1000,
  film_text: 1000,
  inventory: 5000,
  language: 6,
  payment: 100000,
  rental: 100000,
  staff: 2,
  store: 2,
};

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** ELT(1 + MOD(expr, n), ...): pick from a list by a deterministic index. */
const pick = (expr: string, words: readonly string[]): string => `ELT(1 + MOD(${expr}, ${words.length}), ${words.map(q).join(', ')})`;
const STAMP = "'2006-02-15 04:34:33'";
const LAST_UPDATE = 'last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP';
const fk = (name: string, col: string, table: string, refCol = col, onDelete = 'RESTRICT'): string =>
  `CONSTRAINT ${name} FOREIGN KEY (${col}) REFERENCES ${table} (${refCol}) ON DELETE ${onDelete} ON UPDATE CASCADE`;

const tables: string[] = [
  `CREATE TABLE actor (
    actor_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (actor_id), KEY idx_actor_last_name (last_name)) ENGINE=InnoDB`,
  `CREATE TABLE country (
    country_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, country VARCHAR(50) NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (country_id)) ENGINE=InnoDB`,
  `CREATE TABLE city (
    city_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, city VARCHAR(50) NOT NULL, country_id SMALLINT UNSIGNED NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (city_id), KEY idx_fk_country_id (country_id), ${fk('fk_city_country', 'country_id', 'country')}) ENGINE=InnoDB`,
  `CREATE TABLE address (
    address_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, address VARCHAR(50) NOT NULL, address2 VARCHAR(50) DEFAULT NULL,
    district VARCHAR(20) NOT NULL, city_id SMALLINT UNSIGNED NOT NULL, postal_code VARCHAR(10) DEFAULT NULL, phone VARCHAR(20) NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (address_id), KEY idx_fk_city_id (city_id), ${fk('fk_address_city', 'city_id', 'city')}) ENGINE=InnoDB`,
  `CREATE TABLE category (
    category_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(25) NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (category_id)) ENGINE=InnoDB`,
  `CREATE TABLE language (
    language_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT, name CHAR(20) NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (language_id)) ENGINE=InnoDB`,
  `CREATE TABLE film (
    film_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, title VARCHAR(128) NOT NULL, description TEXT DEFAULT NULL,
    release_year YEAR DEFAULT NULL, language_id TINYINT UNSIGNED NOT NULL, original_language_id TINYINT UNSIGNED DEFAULT NULL,
    rental_duration TINYINT UNSIGNED NOT NULL DEFAULT 3, rental_rate DECIMAL(4,2) NOT NULL DEFAULT 4.99,
    length SMALLINT UNSIGNED DEFAULT NULL, replacement_cost DECIMAL(5,2) NOT NULL DEFAULT 19.99,
    rating ENUM('G','PG','PG-13','R','NC-17') DEFAULT 'G',
    special_features SET('Trailers','Commentaries','Deleted Scenes','Behind the Scenes') DEFAULT NULL, ${LAST_UPDATE},
    PRIMARY KEY (film_id), KEY idx_title (title), KEY idx_fk_language_id (language_id),
    KEY idx_fk_original_language_id (original_language_id),
    ${fk('fk_film_language', 'language_id', 'language')},
    ${fk('fk_film_language_original', 'original_language_id', 'language', 'language_id')}) ENGINE=InnoDB`,
  `CREATE TABLE film_actor (
    actor_id SMALLINT UNSIGNED NOT NULL, film_id SMALLINT UNSIGNED NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (actor_id, film_id), KEY idx_fk_film_id (film_id),
    ${fk('fk_film_actor_actor', 'actor_id', 'actor')}, ${fk('fk_film_actor_film', 'film_id', 'film')}) ENGINE=InnoDB`,
  `CREATE TABLE film_category (
    film_id SMALLINT UNSIGNED NOT NULL, category_id TINYINT UNSIGNED NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (film_id, category_id), KEY fk_film_category_category (category_id),
    ${fk('fk_film_category_film', 'film_id', 'film')}, ${fk('fk_film_category_category', 'category_id', 'category')}) ENGINE=InnoDB`,
  // MyISAM like the real sakila: a non-transactional table for the tool's safety checks.
  `CREATE TABLE film_text (
    film_id SMALLINT NOT NULL, title VARCHAR(255) NOT NULL, description TEXT,
    PRIMARY KEY (film_id), FULLTEXT KEY idx_title_description (title, description)) ENGINE=MyISAM`,
  // staff and store reference each other; foreign_key_checks=0 lets them be created in any order.
  `CREATE TABLE staff (
    staff_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL,
    address_id SMALLINT UNSIGNED NOT NULL, picture BLOB DEFAULT NULL, email VARCHAR(50) DEFAULT NULL,
    store_id TINYINT UNSIGNED NOT NULL, active BOOLEAN NOT NULL DEFAULT TRUE, username VARCHAR(16) NOT NULL,
    password VARCHAR(40) BINARY DEFAULT NULL, ${LAST_UPDATE},
    PRIMARY KEY (staff_id), KEY idx_fk_store_id (store_id), KEY idx_fk_address_id (address_id),
    ${fk('fk_staff_store', 'store_id', 'store')}, ${fk('fk_staff_address', 'address_id', 'address')}) ENGINE=InnoDB`,
  `CREATE TABLE store (
    store_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT, manager_staff_id TINYINT UNSIGNED NOT NULL,
    address_id SMALLINT UNSIGNED NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (store_id), UNIQUE KEY idx_unique_manager (manager_staff_id), KEY idx_fk_address_id (address_id),
    ${fk('fk_store_staff', 'manager_staff_id', 'staff', 'staff_id')}, ${fk('fk_store_address', 'address_id', 'address')}) ENGINE=InnoDB`,
  `CREATE TABLE customer (
    customer_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, store_id TINYINT UNSIGNED NOT NULL,
    first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL, email VARCHAR(50) DEFAULT NULL,
    address_id SMALLINT UNSIGNED NOT NULL, active BOOLEAN NOT NULL DEFAULT TRUE, create_date DATETIME NOT NULL,
    last_update TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (customer_id), KEY idx_fk_store_id (store_id), KEY idx_fk_address_id (address_id), KEY idx_last_name (last_name),
    ${fk('fk_customer_address', 'address_id', 'address')}, ${fk('fk_customer_store', 'store_id', 'store')}) ENGINE=InnoDB`,
  `CREATE TABLE inventory (
    inventory_id MEDIUMINT UNSIGNED NOT NULL AUTO_INCREMENT, film_id SMALLINT UNSIGNED NOT NULL,
    store_id TINYINT UNSIGNED NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (inventory_id), KEY idx_fk_film_id (film_id), KEY idx_store_id_film_id (store_id, film_id),
    ${fk('fk_inventory_store', 'store_id', 'store')}, ${fk('fk_inventory_film', 'film_id', 'film')}) ENGINE=InnoDB`,
  `CREATE TABLE rental (
    rental_id INT NOT NULL AUTO_INCREMENT, rental_date DATETIME NOT NULL, inventory_id MEDIUMINT UNSIGNED NOT NULL,
    customer_id SMALLINT UNSIGNED NOT NULL, return_date DATETIME DEFAULT NULL, staff_id TINYINT UNSIGNED NOT NULL, ${LAST_UPDATE},
    PRIMARY KEY (rental_id), UNIQUE KEY rental_date (rental_date, inventory_id, customer_id),
    KEY idx_fk_inventory_id (inventory_id), KEY idx_fk_customer_id (customer_id), KEY idx_fk_staff_id (staff_id),
    ${fk('fk_rental_staff', 'staff_id', 'staff')}, ${fk('fk_rental_inventory', 'inventory_id', 'inventory')},
    ${fk('fk_rental_customer', 'customer_id', 'customer')}) ENGINE=InnoDB`,
  // payment_id is INT (SMALLINT in the real sakila) because we have 100000 payments.
  `CREATE TABLE payment (
    payment_id INT UNSIGNED NOT NULL AUTO_INCREMENT, customer_id SMALLINT UNSIGNED NOT NULL, staff_id TINYINT UNSIGNED NOT NULL,
    rental_id INT DEFAULT NULL, amount DECIMAL(5,2) NOT NULL, payment_date DATETIME NOT NULL,
    last_update TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (payment_id), KEY idx_fk_staff_id (staff_id), KEY idx_fk_customer_id (customer_id), KEY fk_payment_rental (rental_id),
    ${fk('fk_payment_rental', 'rental_id', 'rental', 'rental_id', 'SET NULL')}, ${fk('fk_payment_customer', 'customer_id', 'customer')},
    ${fk('fk_payment_staff', 'staff_id', 'staff')}) ENGINE=InnoDB`,
];

const values = (names: readonly string[]): string => names.map((n, i) => `(${i + 1}, ${q(n)}, ${STAMP})`).join(', ');
// Rentals every 97 minutes after sakila's first rental date: 100000 of them reach into 2023.
const RENTAL_DATE = "TIMESTAMP'2005-05-24 22:53:30' + INTERVAL seq * 97 MINUTE";

const data: string[] = [
  `INSERT INTO language VALUES ${values(LANGUAGES)}`,
  `INSERT INTO category VALUES ${values(CATEGORIES)}`,
  `INSERT INTO country VALUES ${values(COUNTRIES)}`,
  `INSERT INTO city SELECT seq, CONCAT(${pick('seq - 1', CITY_1)}, ${pick('(seq - 1) DIV 30', CITY_2)}), 1 + MOD(seq * 7, 100), ${STAMP} FROM seq_1_to_600`,
  // Addresses 1-2 belong to the stores, 3-4 to the staff, 5-2004 to customers 1-2000.
  `INSERT INTO address SELECT seq, CONCAT(1 + MOD(seq * 37, 1997), ' ', ${pick('seq', STREETS)}), NULL, ${pick('CRC32(seq)', DISTRICTS)},
    1 + MOD(seq * 13, 600), LPAD(MOD(seq * 7919, 100000), 5, '0'), CONCAT('', 100000000 + MOD(seq * 104729, 900000000)), ${STAMP} FROM seq_1_to_2004`,
  `INSERT INTO staff VALUES
    (1, 'Mike', 'Hillyer', 3, NULL, 'Mike.Hillyer@sakilastaff.com', 1, 1, 'Mike', '8cb2237d0679ca88db6464eac60da96345513964', ${STAMP}),
    (2, 'Jon', 'Stephens', 4, NULL, 'Jon.Stephens@sakilastaff.com', 2, 1, 'Jon', NULL, ${STAMP})`,
  `INSERT INTO store VALUES (1, 1, 1, ${STAMP}), (2, 2, 2, ${STAMP})`,
  `INSERT INTO actor SELECT seq, ${pick('seq * 7', ACTOR_FIRST)}, ${pick('seq', ACTOR_LAST)}, ${STAMP} FROM seq_1_to_200`,
  // Last names end in the id (SMITH25, CLARK10...), so prefix LIKEs such as 'SMITH1%' use a range.
  `INSERT INTO customer SELECT seq, 1 + MOD(seq, 2), ${pick('seq * 7', FIRST_NAMES)}, CONCAT(${pick('seq', CUSTOMER_LAST)}, seq),
    CONCAT('cust', seq, '@sakilacustomer.org'), seq + 4, MOD(seq, 37) <> 0, '2006-02-14 22:04:36', ${STAMP} FROM seq_1_to_2000`,
  `INSERT INTO film SELECT seq, CONCAT(${pick('seq * 7', TITLE_1)}, ' ', ${pick('CRC32(seq)', TITLE_2)}, ' ', seq),
    CONCAT('A ', ${pick('seq * 3', ADJ)}, ' ', ${pick('seq', GENRE)}, ' of a ', ${pick('CRC32(seq)', NOUN)}, ' And a ',
      ${pick('seq * 11', NOUN)}, ' who must ', ${pick('seq * 5', VERB)}, ' a ', ${pick('CRC32(seq * 3)', NOUN)}, ' in ', ${pick('seq * 13', PLACE)}),
    2006, IF(MOD(seq, 10) = 0, 2 + MOD(seq DIV 10, 5), 1), NULL, 3 + MOD(seq, 5), ELT(1 + MOD(seq, 3), 0.99, 2.99, 4.99),
    46 + MOD(seq * 37, 140), 9.99 + MOD(seq, 21), ELT(1 + MOD(seq, 5), 'G', 'PG', 'PG-13', 'R', 'NC-17'),
    ELT(1 + MOD(seq, 4), 'Trailers', 'Commentaries', 'Deleted Scenes,Behind the Scenes', 'Trailers,Deleted Scenes'), ${STAMP}
    FROM seq_1_to_1000`,
  `INSERT INTO film_text SELECT film_id, title, description FROM film`,
  // 25 films per actor; 40 * j mod 1000 keeps (actor, film) unique.
  `INSERT INTO film_actor SELECT 1 + (seq - 1) DIV 25, 1 + MOD((1 + (seq - 1) DIV 25) * 37 + MOD(seq - 1, 25) * 40, 1000), ${STAMP} FROM seq_1_to_5000`,
  `INSERT INTO film_category SELECT seq, 1 + MOD(seq * 7, 16), ${STAMP} FROM seq_1_to_1000`,
  // 5 copies of every film, films 1-1000 in store 1 first.
  `INSERT INTO inventory SELECT seq, 1 + MOD(seq - 1, 1000), 1 + MOD((seq - 1) DIV 1000, 2), ${STAMP} FROM seq_1_to_5000`,
  // 13 and 17 are coprime to 5000 and 2000: every copy is rented 20 times, every customer rents 50 times.
  // One rental in 50 is never returned.
  `INSERT INTO rental SELECT seq, ${RENTAL_DATE}, 1 + MOD(seq * 13, 5000), 1 + MOD(seq * 17, 2000),
    IF(MOD(seq, 50) = 0, NULL, ${RENTAL_DATE} + INTERVAL 1 + MOD(seq, 7) DAY + INTERVAL MOD(seq * 61, 1440) MINUTE),
    1 + MOD(seq, 2), ${STAMP} FROM seq_1_to_100000`,
  `INSERT INTO payment SELECT rental_id, customer_id, staff_id, rental_id,
    ELT(1 + MOD(CRC32(rental_id), 6), 0.99, 1.99, 2.99, 3.99, 4.99, 6.99), rental_date, ${STAMP} FROM rental ORDER BY rental_id`,
];

// The real sakila's triggers keeping film_text in sync with film.
const triggers: string[] = [
  `CREATE TRIGGER ins_film AFTER INSERT ON film FOR EACH ROW BEGIN
    INSERT INTO film_text (film_id, title, description) VALUES (new.film_id, new.title, new.description);
  END`,
  `CREATE TRIGGER upd_film AFTER UPDATE ON film FOR EACH ROW BEGIN
    IF (old.title != new.title) OR (old.description != new.description) OR (old.film_id != new.film_id) THEN
      UPDATE film_text SET title = new.title, description = new.description, film_id = new.film_id WHERE film_id = old.film_id;
    END IF;
  END`,
  `CREATE TRIGGER del_film AFTER DELETE ON film FOR EACH ROW BEGIN
    DELETE FROM film_text WHERE film_id = old.film_id;
  END`,
];

/** Statements to run in order on one connection (no DELIMITER games, so the bundled CLI needs no files). */
export const SAKILA_SQL: readonly string[] = [
  'DROP DATABASE IF EXISTS sakila',
  'CREATE DATABASE sakila DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci',
  'USE sakila',
  'SET SESSION foreign_key_checks = 0, unique_checks = 0',
  ...tables,
  ...data,
  ...triggers,
  'SET SESSION foreign_key_checks = 1, unique_checks = 1',
  `ANALYZE TABLE ${SAKILA_TABLES.join(', ')}`,
  // Written last: present only when the load finished.
  'CREATE TABLE mqt_sandbox_meta (name VARCHAR(64) NOT NULL PRIMARY KEY, value VARCHAR(255) NOT NULL) ENGINE=InnoDB',
  `INSERT INTO mqt_sandbox_meta VALUES ('sakila_version', '${SAKILA_VERSION}')`,
];
