-- keel rollback script
-- from: examples/mysql-shop/v1
-- to:   examples/mysql-shop/v2
-- 6 steps
-- MySQL DDL commits at once: each statement stands alone.
SET SESSION lock_wait_timeout = 2;
SET SESSION innodb_lock_wait_timeout = 2;

-- step 6: undo: drop column orders.legacy_code
ALTER TABLE `orders` ADD COLUMN `legacy_code` char(8), ALGORITHM=INSTANT;

-- step 5: undo: add constraint order_items_order_fk on order_items
ALTER TABLE `order_items` DROP FOREIGN KEY `order_items_order_fk`, ALGORITHM=INPLACE, LOCK=NONE;

-- step 4: undo: set comment on table orders; alter column orders.status (type); alter column orders.note (type); create index orders_status on orders
ALTER TABLE `orders` DROP INDEX `orders_status`,
  MODIFY COLUMN `status` enum('new','paid','shipped') NOT NULL DEFAULT 'new',
  MODIFY COLUMN `note` varchar(200),
  COMMENT='';

-- step 3: undo: alter column customers.name (type)
ALTER TABLE `customers` MODIFY COLUMN `name` varchar(100) NOT NULL;

-- step 2: undo: add column customers.phone; add column customers.updated_at
ALTER TABLE `customers` DROP COLUMN `phone`,
  DROP COLUMN `updated_at`, ALGORITHM=INSTANT;

-- step 1: undo: create table order_items
DROP TABLE `order_items`;
