-- The subscriber directory (docs/directory.md). SQL that H2 (PostgreSQL mode) and PostgreSQL both accept.

-- one row: the revision of the directory, incremented by every change (snapshot reloads compare it)
CREATE TABLE directory.revision (
    id INTEGER PRIMARY KEY,
    revision BIGINT NOT NULL
);
INSERT INTO directory.revision (id, revision) VALUES (1, 0);

CREATE TABLE directory.companies (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    time_zone VARCHAR(64) NOT NULL,
    country_code VARCHAR(3) NOT NULL,
    whitelist_mode VARCHAR(24) NOT NULL,
    record_internal BOOLEAN,            -- NULL: the internal policy's default
    office_hours_mode VARCHAR(16),      -- inside | outside | NULL: the office-hours policy's default
    language VARCHAR(35)
);

CREATE TABLE directory.users (
    id VARCHAR(128) PRIMARY KEY,
    company_id VARCHAR(64) NOT NULL REFERENCES directory.companies (id),
    display_name VARCHAR(200) NOT NULL,
    profile VARCHAR(16) NOT NULL,       -- never | originating | terminating | both
    language VARCHAR(35)
);
CREATE INDEX users_company ON directory.users (company_id);

-- a user's numbers (E.164) and SIP AORs, each owned by one user
CREATE TABLE directory.numbers (
    address VARCHAR(255) PRIMARY KEY,
    user_id VARCHAR(128) NOT NULL REFERENCES directory.users (id) ON DELETE CASCADE,
    kind VARCHAR(8) NOT NULL,           -- number | aor
    ordinal INTEGER NOT NULL
);
CREATE INDEX numbers_user ON directory.numbers (user_id);

-- whitelists: scope operator (owner ''), company (owner = company id), user (owner = user id)
CREATE TABLE directory.whitelist (
    scope VARCHAR(8) NOT NULL,
    owner_id VARCHAR(128) NOT NULL,
    e164 VARCHAR(16) NOT NULL,
    PRIMARY KEY (scope, owner_id, e164)
);

-- weekly office hours in the company's zone: minutes of the day, end exclusive, 1440 = 24:00
CREATE TABLE directory.office_hours (
    company_id VARCHAR(64) NOT NULL REFERENCES directory.companies (id) ON DELETE CASCADE,
    day_of_week SMALLINT NOT NULL,      -- 1 = Monday ... 7 = Sunday (ISO)
    start_minute INTEGER NOT NULL,
    end_minute INTEGER NOT NULL,
    PRIMARY KEY (company_id, day_of_week, start_minute)
);

CREATE TABLE directory.holidays (
    company_id VARCHAR(64) NOT NULL REFERENCES directory.companies (id) ON DELETE CASCADE,
    holiday DATE NOT NULL,
    PRIMARY KEY (company_id, holiday)
);

CREATE TABLE directory.internal_ranges (
    company_id VARCHAR(64) NOT NULL REFERENCES directory.companies (id) ON DELETE CASCADE,
    range_from VARCHAR(16) NOT NULL,
    range_to VARCHAR(16) NOT NULL,
    PRIMARY KEY (company_id, range_from, range_to)
);
