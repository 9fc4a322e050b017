-- expect: int-primary-key@3
-- expect: prefer-identity@3
CREATE TABLE flags (id smallserial PRIMARY KEY, name text);
