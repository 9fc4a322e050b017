-- expect: enum-value-removal@2
DELETE FROM pg_enum WHERE enumlabel = 'void';
