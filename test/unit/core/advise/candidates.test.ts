import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexCandidates } from '../../../../src/core/advise/candidates';
import { sakila } from '../hints/helpers';

const schema = sakila();
const cols = (sql: string) => indexCandidates(sql, schema).map((c) => `${c.table}(${c.columns.join(',')})`);

test('the correlated subquery gets one covering (rating, length) and nothing for the outer scan', () => {
  assert.deepEqual(cols('SELECT f.title FROM film f WHERE f.length > (SELECT AVG(f2.length) FROM film f2 WHERE f2.rating = f.rating)'), [
    'film(rating,length)',
  ]);
});

test('equality columns first, then one range column, then covering columns', () => {
  const c = indexCandidates("SELECT amount FROM payment WHERE payment_date >= '2005-07-01' AND staff_id = 1", schema);
  assert.deepEqual(
    c.map((x) => x.columns),
    [['staff_id', 'payment_date', 'amount']],
  );
  assert.match(c[0].serves, /equality on staff_id; range on payment_date; covering amount/);
  assert.match(c[0].ddl, /^CREATE INDEX `?idx_payment_staff_id_payment_date_amount`? ON `?payment`? \(`?staff_id`?, `?payment_date`?, `?amount`?\);$/);
});

test('SELECT * gets the key columns only; GROUP BY columns follow the equalities', () => {
  assert.deepEqual(cols('SELECT * FROM payment WHERE amount > 11'), ['payment(amount)']);
  assert.deepEqual(cols('SELECT staff_id, COUNT(*) FROM payment WHERE amount = 0.99 GROUP BY staff_id'), ['payment(amount,staff_id)']);
});

test('an existing index, or a left prefix of one, is never proposed', () => {
  assert.deepEqual(cols('SELECT * FROM rental WHERE customer_id = 5'), []);
  assert.deepEqual(cols('SELECT * FROM payment WHERE payment_id = 5'), []);
  assert.deepEqual(cols('SELECT * FROM rental WHERE rental_date = NOW() AND inventory_id = 3'), []);
});

test('an existing index that is a left prefix of the candidate is named as made redundant', () => {
  const c = indexCandidates('SELECT * FROM payment WHERE customer_id = 5 AND amount > 3', schema);
  assert.deepEqual(
    c.map((x) => x.columns),
    [['customer_id', 'amount']],
  );
  assert.deepEqual(c[0].makesRedundant, ['idx_fk_customer_id']);
});

test('small tables are left alone; a join proposes the lookup on the joined table', () => {
  assert.deepEqual(cols('SELECT c.first_name FROM customer c WHERE c.email = "x"'), ['customer(email,first_name)']);
  assert.deepEqual(cols('SELECT * FROM category WHERE name = "Action"'), []);
  assert.deepEqual(cols('SELECT p.amount FROM rental r JOIN payment p ON p.rental_id = r.rental_id WHERE r.return_date IS NULL'), [
    'rental(return_date)',
    'payment(rental_id,amount)',
  ]);
});

test('merged per table: a prefix candidate from another block folds into the longer one', () => {
  const sql = 'SELECT film_id FROM film WHERE rating = "PG" AND film_id IN (SELECT film_id FROM film WHERE rating = "PG" AND length > 100)';
  assert.deepEqual(cols(sql), ['film(rating,length)']);
});

test('statements that do not parse, or read no known table, give none', () => {
  assert.deepEqual(indexCandidates('SELEC nothing', schema), []);
  assert.deepEqual(indexCandidates('SELECT 1', schema), []);
});

test('a table joined by its whole primary key: no candidate on the key (one row per lookup already), only on its own filter', () => {
  const sql =
    'SELECT f.title, p.amount FROM payment p JOIN rental r ON r.rental_id = p.rental_id ' +
    "JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id WHERE p.payment_date >= '2023-10-01' AND f.rating = 'PG'";
  assert.deepEqual(
    indexCandidates(sql, sakila()).map((c) => `${c.table}(${c.columns.join(',')})`),
    ['payment(payment_date,amount,rental_id)', 'film(rating,title)'],
  );
});

test('a select alias in ORDER BY is no column of the table', () => {
  assert.deepEqual(cols('SELECT customer_id, SUM(amount) AS total FROM payment GROUP BY customer_id ORDER BY total DESC LIMIT 10'), [
    'payment(customer_id,amount)',
  ]);
});

test('an existing index that starts with the key columns and holds the covering ones already serves it', () => {
  // rental_date (rental_date, inventory_id, customer_id) covers a range on rental_date reading customer_id.
  assert.deepEqual(cols("SELECT rental_id, rental_date, customer_id FROM rental WHERE rental_date BETWEEN '2005-06-01' AND '2005-06-02'"), []);
});
