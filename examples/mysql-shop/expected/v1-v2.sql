-- keel plan
-- from: examples/mysql-shop/v1
-- to:   examples/mysql-shop/v2
-- 6 steps
-- MySQL DDL commits at once: each statement stands alone.
SET SESSION lock_wait_timeout = 2;
SET SESSION innodb_lock_wait_timeout = 2;

-- ==== phase 1: expand ====

-- step 1: create table order_items
CREATE TABLE `order_items` (
  `order_id` bigint unsigned NOT NULL,
  `line` smallint unsigned NOT NULL,
  `sku` varchar(40) NOT NULL,
  `quantity` int unsigned NOT NULL DEFAULT '1',
  PRIMARY KEY (`order_id`,`line`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- step 2: add column customers.phone; add column customers.updated_at
ALTER TABLE `customers` ADD COLUMN `phone` varchar(30) AFTER `name`,
  ADD COLUMN `updated_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, ALGORITHM=INSTANT;

-- step 3: alter column customers.name (type)
ALTER TABLE `customers` MODIFY COLUMN `name` varchar(150) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;

-- step 4: set comment on table orders; alter column orders.status (type); alter column orders.note (type); create index orders_status on orders
ALTER TABLE `orders` MODIFY COLUMN `status` enum('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',
  MODIFY COLUMN `note` text,
  ADD KEY `orders_status` (`status`,`id`),
  COMMENT='one row per checkout';

-- step 5: add constraint order_items_order_fk on order_items
ALTER TABLE `order_items` ADD CONSTRAINT `order_items_order_fk` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE CASCADE;

-- ==== phase 3: contract ====
-- Deploy the application that no longer uses what this phase removes first.

-- step 6: drop column orders.legacy_code
ALTER TABLE `orders` DROP COLUMN `legacy_code`, ALGORITHM=INSTANT;
