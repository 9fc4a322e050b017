-- expect: drop-database@2
DROP DATABASE staging;
