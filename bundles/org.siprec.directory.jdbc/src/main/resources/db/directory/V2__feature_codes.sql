-- DTMF feature codes of a company and of a user (docs/directory.md): the text form of FeatureCodes, e.g.
-- 'on,start=*71,stop=*72' or 'off'; NULL: nothing set at this level (the level above applies).
ALTER TABLE directory.companies ADD COLUMN feature_codes VARCHAR(200);
ALTER TABLE directory.users ADD COLUMN feature_codes VARCHAR(200);
