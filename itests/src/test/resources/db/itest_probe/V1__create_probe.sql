-- DatabaseKarafTest: a table in the test's own schema
CREATE TABLE itest_probe.probe (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);
