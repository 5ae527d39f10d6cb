INSERT INTO itest_probe.probe (id, name) VALUES (1, 'from the probe bundle');
