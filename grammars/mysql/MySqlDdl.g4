// MySQL / MariaDB DDL as schema files and mysqldump output contain it. One statement per parse:
// parser/mysql/splitter.cpp splits the file (DELIMITER, compound bodies) and blanks the markers
// of /*!NNNNN ... */ version comments. The input is upper-cased (ASCII) before lexing, so
// keywords are written upper case here; every text the walker keeps is cut from the original
// by token offsets. Expressions, view and routine bodies are kept as balanced token runs.
grammar MySqlDdl;

statement
  : ( createTable | createIndex | alterTable | renameTable | dropStatement | createView | createTrigger
    | createRoutine | alterRoutine | createEvent | createDatabase | useStatement | sessionStatement
    | dataStatement ) EOF
  ;

// ---- CREATE TABLE -------------------------------------------------------------------------

createTable
  : CREATE TEMPORARY? TABLE ifNotExists? qualifiedName
    ( '(' tableElement (',' tableElement)* ')' tableOption* partitionClause?
    | LIKE qualifiedName
    | '(' LIKE qualifiedName ')'
    )
  ;

tableElement
  : tableConstraint
  | columnDefinition
  ;

columnDefinition
  : identifier dataType columnAttribute*
  ;

dataType
  : typeName typeArgs? typeFlag*
  ;

typeName
  : DOUBLE PRECISION?
  | (CHARACTER | CHAR) VARYING?
  | NATIONAL (CHARACTER | CHAR | VARCHAR) VARYING?
  | LONG (VARCHAR | VARBINARY)?
  | BINARY
  | SET
  | VARCHAR
  | VARBINARY
  | identifier
  ;

typeArgs
  : '(' typeArg (',' typeArg)* ')'
  ;

typeArg
  : NUMBER
  | STRING
  ;

typeFlag
  : UNSIGNED
  | SIGNED
  | ZEROFILL
  ;

columnAttribute
  : NOT? NULL_SYM                                                  # nullAttr
  | DEFAULT defaultValue                                       # defaultAttr
  | ON UPDATE nowFunction                                      # onUpdateAttr
  | AUTO_INCREMENT                                             # autoIncrementAttr
  | PRIMARY? KEY                                               # primaryKeyAttr
  | UNIQUE KEY?                                                # uniqueAttr
  | COMMENT STRING                                             # commentAttr
  | charsetKeyword charsetName                                 # charsetAttr
  | COLLATE collationName                                      # collateAttr
  | (GENERATED ALWAYS)? AS parenExpr generatedKind?            # generatedAttr
  | (CONSTRAINT identifier?)? CHECK parenExpr enforcement?     # checkAttr
  | references                                                 # referencesAttr
  | BINARY                                                     # binaryAttr
  | (VISIBLE | INVISIBLE)                                      # visibilityAttr
  | (COLUMN_FORMAT | STORAGE | SRID) (identifier | NUMBER)     # storageAttr
  ;

generatedKind
  : VIRTUAL
  | STORED
  | PERSISTENT
  ;

enforcement
  : NOT? ENFORCED
  ;

defaultValue
  : NULL_SYM
  | ('-' | '+')? NUMBER
  | identifier? STRING
  | HEX_LITERAL
  | parenExpr
  | nowFunction
  ;

// CURRENT_TIMESTAMP[(n)], NOW(), a function call, TRUE, FALSE.
nowFunction
  : identifier ('(' balanced* ')')?
  ;

charsetKeyword
  : CHARACTER SET
  | CHAR SET
  | CHARSET
  ;

charsetName
  : identifier
  | STRING
  | BINARY
  ;

collationName
  : identifier
  | STRING
  | BINARY
  ;

tableConstraint
  : constraintName? PRIMARY KEY indexType? keyParts indexOption*               # primaryKey
  | constraintName? UNIQUE (KEY | INDEX)? identifier? indexType? keyParts indexOption*  # uniqueKey
  | (KEY | INDEX) identifier? indexType? keyParts indexOption*                # plainKey
  | (FULLTEXT | SPATIAL | VECTOR) (KEY | INDEX)? identifier? keyParts indexOption*  # specialKey
  | constraintName? FOREIGN KEY identifier? identifierList references         # foreignKey
  | constraintName? CHECK parenExpr enforcement?                              # checkConstraint
  ;

constraintName
  : CONSTRAINT identifier?
  ;

indexType
  : USING identifier
  ;

keyParts
  : '(' keyPart (',' keyPart)* ')'
  ;

keyPart
  : (identifier ('(' NUMBER ')')? | parenExpr) (ASC | DESC)?
  ;

indexOption
  : indexType
  | KEY_BLOCK_SIZE '='? NUMBER
  | COMMENT STRING
  | VISIBLE
  | INVISIBLE
  | WITH PARSER identifier
  | NOT? IGNORED
  | (ALGORITHM | LOCK) '='? identifier
  | identifier '=' (identifier | NUMBER)  // MariaDB vector indexes: M=16, DISTANCE=COSINE
  ;

references
  : REFERENCES qualifiedName identifierList? (MATCH identifier)? referenceAction*
  ;

referenceAction
  : ON (DELETE | UPDATE) actionKind
  ;

actionKind
  : RESTRICT
  | CASCADE
  | SET NULL_SYM
  | SET DEFAULT
  | NO ACTION
  ;

tableOption
  : ','? tableOptionBody
  ;

tableOptionBody
  : ENGINE '='? (identifier | STRING)                         # engineOption
  | DEFAULT? charsetKeyword '='? charsetName                  # charsetOption
  | DEFAULT? COLLATE '='? collationName                       # collateOption
  | AUTO_INCREMENT '='? NUMBER                                # autoIncrementOption
  | COMMENT '='? STRING                                       # commentOption
  | UNION '='? '(' balanced* ')'                              # unionOption
  | identifier identifier? '='? (identifier | NUMBER | STRING | DEFAULT)  # genericOption
  ;

partitionClause
  : PARTITION BY balanced+
  ;

// ---- CREATE INDEX / ALTER TABLE / DROP ---------------------------------------------------

createIndex
  : CREATE (OR REPLACE)? (UNIQUE | FULLTEXT | SPATIAL | VECTOR)? INDEX ifNotExists? identifier indexType?
    ON qualifiedName keyParts indexOption*
  ;

alterTable
  : ALTER TABLE qualifiedName alterSpec (',' alterSpec)*
  ;

alterSpec
  : ADD tableConstraint                                                # addConstraint
  | ADD COLUMN? ifNotExists? columnDefinition columnPosition?         # addColumn
  | ADD COLUMN? '(' columnDefinition (',' columnDefinition)* ')'       # addColumns
  | DROP PRIMARY KEY                                                   # dropPrimaryKey
  | DROP FOREIGN KEY ifExists? identifier                              # dropForeignKey
  | DROP (INDEX | KEY) ifExists? identifier                            # dropKey
  | DROP (CHECK | CONSTRAINT) ifExists? identifier                     # dropCheck
  | DROP COLUMN? ifExists? identifier                                  # dropColumn
  | MODIFY COLUMN? ifExists? columnDefinition columnPosition?          # modifyColumn
  | CHANGE COLUMN? ifExists? identifier columnDefinition columnPosition?  # changeColumn
  | RENAME COLUMN identifier TO identifier                             # renameColumn
  | RENAME (INDEX | KEY) identifier TO identifier                      # renameKey
  | RENAME (TO | AS)? qualifiedName                                    # renameTo
  | ALTER COLUMN? identifier (SET DEFAULT defaultValue | DROP DEFAULT) # alterDefault
  | CONVERT TO charsetKeyword charsetName (COLLATE collationName)?     # convertCharset
  | (ALGORITHM | LOCK) '='? (identifier | DEFAULT)                     # algorithmOption
  | PARTITION BY balanced+                                             # partitionBy
  | REMOVE PARTITIONING                                                # removePartitioning
  | (DISABLE | ENABLE) KEYS                                            # toggleKeys
  | tableOptionBody+                                                   # tableOptions
  ;

columnPosition
  : FIRST
  | AFTER identifier
  ;

renameTable
  : RENAME TABLE renamePair (',' renamePair)*
  ;

renamePair
  : qualifiedName TO qualifiedName
  ;

dropStatement
  : DROP TEMPORARY? TABLE ifExists? qualifiedName (',' qualifiedName)* (RESTRICT | CASCADE)?  # dropTable
  | DROP (VIEW | PROCEDURE | FUNCTION | TRIGGER | EVENT) ifExists? qualifiedName (',' qualifiedName)*  # dropObject
  | DROP INDEX identifier ON qualifiedName balanced*                                          # dropIndex
  | DROP (DATABASE | SCHEMA) ifExists? identifier                                      # dropDatabase
  ;

// ---- Views and stored programs (bodies kept as text) ------------------------------------

createView
  : CREATE (OR REPLACE)? viewAttribute* VIEW ifNotExists? qualifiedName identifierList? AS balanced+
  ;

viewAttribute
  : ALGORITHM '=' identifier
  | definer
  | SQL SECURITY identifier
  ;

definer
  : DEFINER '=' userName
  ;

userName
  : userPart ('@' userPart)?
  | CURRENT_USER ('(' ')')?
  ;

userPart
  : identifier
  | STRING
  ;

createTrigger
  : CREATE (OR REPLACE)? definer? TRIGGER ifNotExists? qualifiedName triggerTime triggerEvent
    ON qualifiedName FOR EACH ROW ((FOLLOWS | PRECEDES) identifier)? balanced+
  ;

triggerTime
  : BEFORE
  | AFTER
  ;

triggerEvent
  : INSERT
  | UPDATE
  | DELETE
  ;

// Characteristics only (COMMENT, SQL SECURITY, data access), kept as tokens.
alterRoutine
  : ALTER (PROCEDURE | FUNCTION) qualifiedName balanced*
  ;

createRoutine
  : CREATE (OR REPLACE)? definer? (PROCEDURE | FUNCTION) ifNotExists? qualifiedName
    '(' (routineParam (',' routineParam)*)? ')' (RETURNS dataType routineTypeAttr*)? balanced+
  ;

routineParam
  : (IN | OUT | INOUT)? identifier dataType routineTypeAttr*
  ;

routineTypeAttr
  : charsetKeyword charsetName
  | COLLATE collationName
  ;

createEvent
  : CREATE (OR REPLACE)? definer? EVENT balanced+
  ;

createDatabase
  : CREATE (DATABASE | SCHEMA) ifNotExists? identifier balanced*
  ;

// ---- Statements that carry no schema ----------------------------------------------------

useStatement
  : USE identifier
  ;

sessionStatement
  : SET balanced*
  | LOCK TABLES balanced*
  | UNLOCK TABLES
  ;

dataStatement
  : (INSERT | REPLACE | UPDATE | DELETE) balanced*
  ;

// ---- Shared pieces -------------------------------------------------------------------------

ifNotExists
  : IF NOT EXISTS
  ;

ifExists
  : IF EXISTS
  ;

qualifiedName
  : identifier ('.' identifier)?
  ;

identifierList
  : '(' identifier (',' identifier)* ')'
  ;

parenExpr
  : '(' balanced* ')'
  ;

balanced
  : '(' balanced* ')'
  | ~('(' | ')')
  ;

// Keywords MySQL does not reserve may name columns and tables.
identifier
  : ID
  | QUOTED_ID
  | ACTION | AFTER | ALGORITHM | ALWAYS | AUTO_INCREMENT | BY | CHARSET | COMMENT | DEFINER
  | ENFORCED | ENGINE | EVENT | FIRST | FOLLOWS | FUNCTION | IGNORED | INVISIBLE | KEY_BLOCK_SIZE
  | NATIONAL | NO | PARSER | PERSISTENT | PRECEDES | ROW | SECURITY | SIGNED | TABLES | TEMPORARY
  | VIEW | VISIBLE | PARTITION | DATABASE | SCHEMA | USE | LOCK | UNLOCK | PRECISION | VARYING
  | SQL | LONG | CURRENT_USER | MATCH | REPLACE | EACH | COLUMN_FORMAT | STORAGE | SRID | VECTOR
  | DISABLE | ENABLE | KEYS | MODIFY | REMOVE | PARTITIONING
  ;

ACTION: 'ACTION';
ADD: 'ADD';
AFTER: 'AFTER';
ALGORITHM: 'ALGORITHM';
ALTER: 'ALTER';
ALWAYS: 'ALWAYS';
AS: 'AS';
ASC: 'ASC';
AUTO_INCREMENT: 'AUTO_INCREMENT';
BEFORE: 'BEFORE';
BINARY: 'BINARY';
BY: 'BY';
CASCADE: 'CASCADE';
CHANGE: 'CHANGE';
CHAR: 'CHAR';
CHARACTER: 'CHARACTER';
CHARSET: 'CHARSET';
CHECK: 'CHECK';
COLLATE: 'COLLATE';
COLUMN: 'COLUMN';
COLUMN_FORMAT: 'COLUMN_FORMAT';
COMMENT: 'COMMENT';
CONSTRAINT: 'CONSTRAINT';
CONVERT: 'CONVERT';
CREATE: 'CREATE';
CURRENT_USER: 'CURRENT_USER';
DATABASE: 'DATABASE';
DEFAULT: 'DEFAULT';
DEFINER: 'DEFINER';
DELETE: 'DELETE';
DISABLE: 'DISABLE';
DESC: 'DESC';
DOUBLE: 'DOUBLE';
DROP: 'DROP';
EACH: 'EACH';
ENABLE: 'ENABLE';
ENFORCED: 'ENFORCED';
ENGINE: 'ENGINE';
EVENT: 'EVENT';
EXISTS: 'EXISTS';
FIRST: 'FIRST';
FOLLOWS: 'FOLLOWS';
FOR: 'FOR';
FOREIGN: 'FOREIGN';
FULLTEXT: 'FULLTEXT';
FUNCTION: 'FUNCTION';
GENERATED: 'GENERATED';
IF: 'IF';
IGNORED: 'IGNORED';
IN: 'IN';
INDEX: 'INDEX';
INOUT: 'INOUT';
INSERT: 'INSERT';
INVISIBLE: 'INVISIBLE';
KEY: 'KEY';
KEY_BLOCK_SIZE: 'KEY_BLOCK_SIZE';
KEYS: 'KEYS';
LIKE: 'LIKE';
LOCK: 'LOCK';
LONG: 'LONG';
MATCH: 'MATCH';
MODIFY: 'MODIFY';
NATIONAL: 'NATIONAL';
NO: 'NO';
NOT: 'NOT';
NULL_SYM: 'NULL';
ON: 'ON';
OR: 'OR';
OUT: 'OUT';
PARSER: 'PARSER';
PARTITION: 'PARTITION';
PARTITIONING: 'PARTITIONING';
PERSISTENT: 'PERSISTENT';
PRECEDES: 'PRECEDES';
PRECISION: 'PRECISION';
PRIMARY: 'PRIMARY';
PROCEDURE: 'PROCEDURE';
REFERENCES: 'REFERENCES';
REMOVE: 'REMOVE';
RENAME: 'RENAME';
REPLACE: 'REPLACE';
RESTRICT: 'RESTRICT';
RETURNS: 'RETURNS';
ROW: 'ROW';
SCHEMA: 'SCHEMA';
SECURITY: 'SECURITY';
SET: 'SET';
SIGNED: 'SIGNED';
SPATIAL: 'SPATIAL';
SQL: 'SQL';
SRID: 'SRID';
STORAGE: 'STORAGE';
STORED: 'STORED';
TABLE: 'TABLE';
TABLES: 'TABLES';
TEMPORARY: 'TEMPORARY';
TO: 'TO';
TRIGGER: 'TRIGGER';
UNION: 'UNION';
UNIQUE: 'UNIQUE';
UNLOCK: 'UNLOCK';
UNSIGNED: 'UNSIGNED';
UPDATE: 'UPDATE';
USE: 'USE';
USING: 'USING';
VARBINARY: 'VARBINARY';
VARCHAR: 'VARCHAR';
VARYING: 'VARYING';
VIEW: 'VIEW';
VECTOR: 'VECTOR';
VIRTUAL: 'VIRTUAL';
VISIBLE: 'VISIBLE';
WITH: 'WITH';
ZEROFILL: 'ZEROFILL';

HEX_LITERAL
  : '0X' [0-9A-F]+
  | 'X\'' [0-9A-F]* '\''
  | '0B' [01]+
  | 'B\'' [01]* '\''
  ;

NUMBER
  : [0-9]+ ('.' [0-9]*)? EXPONENT?
  | '.' [0-9]+ EXPONENT?
  ;

fragment EXPONENT
  : 'E' [+-]? [0-9]+
  ;

ID
  : [A-Z_$\u0080-\uFFFF] [A-Z_$0-9\u0080-\uFFFF]*
  | [0-9]+ [A-Z_$\u0080-\uFFFF] [A-Z_$0-9\u0080-\uFFFF]*
  ;

QUOTED_ID
  : '`' (~'`' | '``')* '`'
  ;

STRING
  : '\'' ('\\' . | '\'\'' | ~['\\])* '\''
  | '"' ('\\' . | '""' | ~["\\])* '"'
  ;

LINE_COMMENT
  : ('-- ' | '--\t' | '#') ~[\n]* -> skip
  ;

DASH_COMMENT_EOL
  : '--' ('\r'? '\n' | EOF) -> skip
  ;

BLOCK_COMMENT
  : '/*' .*? '*/' -> skip
  ;

WS
  : [ \t\r\n\f]+ -> skip
  ;

OTHER
  : .
  ;
