-- expect: rewrite-command@3
SET lock_timeout = '2s';
CLUSTER orders USING orders_pkey;
