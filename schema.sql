-- placeholder: the store helper owns this file
PRAGMA user_version = 0;
