-- The shop on MariaDB/MySQL, release 2: new columns (instant), a wider name and a new enum
-- value (in place), an index built online, a note that outgrows varchar (a table copy), a
-- dropped column (contract), a new table with a foreign key.
CREATE TABLE customers (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  email varchar(190) NOT NULL,
  name varchar(150) NOT NULL,
  phone varchar(30) DEFAULT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY customers_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE orders (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  customer_id bigint unsigned NOT NULL,
  status enum('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',
  total decimal(10,2) NOT NULL,
  note text DEFAULT NULL,
  PRIMARY KEY (id),
  KEY orders_customer (customer_id),
  KEY orders_status (status, id),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='one row per checkout';

CREATE TABLE order_items (
  order_id bigint unsigned NOT NULL,
  line smallint unsigned NOT NULL,
  sku varchar(40) NOT NULL,
  quantity int unsigned NOT NULL DEFAULT 1,
  PRIMARY KEY (order_id, line),
  CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
