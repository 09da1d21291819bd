-- Sample queries for the MySQL Query Tuner sandbox (database `sakila`).
-- Put the cursor in a statement and run "MySQL Query Tuner: Explain & Profile Query".

-- An indexed range: a handful of index reads.
SELECT rental_id, rental_date, customer_id
FROM rental
WHERE rental_date BETWEEN '2005-06-01' AND '2005-06-02';

-- A full scan: Handler_read_rnd_next counts every row of payment.
SELECT COUNT(*) FROM payment WHERE amount * 2 > 10;

-- A four-table join sorted by a column of the driving table: temporary table and filesort.
SELECT c.last_name, f.title, r.rental_date
FROM customer c
JOIN rental r ON r.customer_id = c.customer_id
JOIN inventory i ON i.inventory_id = r.inventory_id
JOIN film f ON f.film_id = i.film_id
WHERE c.last_name LIKE 'SMITH1%'
ORDER BY r.rental_date DESC
LIMIT 20;

-- GROUP BY over a non-indexed expression: an internal temporary table.
SELECT customer_id, SUM(amount) AS total
FROM payment
GROUP BY customer_id
ORDER BY total DESC
LIMIT 10;

-- ORDER BY RAND(): every row gets a random key and is sorted.
SELECT film_id, title FROM film ORDER BY RAND() LIMIT 5;

-- A leading wildcard cannot use the index on title.
SELECT film_id, title FROM film WHERE title LIKE '%LOVE%';

-- A write: explained only, never executed.
UPDATE rental SET return_date = NOW() WHERE customer_id = 5 AND return_date IS NULL;

-- A long query, to cancel from the progress notification.
SELECT SLEEP(20);
