int placeholder_live_db;
