-- Version 2 (docs/storage.md): the paused intervals of an SRS recording (the SRC set every stream inactive),
-- written with the recording's end, deleted with its other rows.
CREATE TABLE IF NOT EXISTS store.srs_recording_pauses (
    recording_id VARCHAR(255) NOT NULL REFERENCES store.srs_recordings (id),
    position     INTEGER      NOT NULL,
    start_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    end_time     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (recording_id, position)
);
-- the SRC's recording session of an SRS recording is found by the RS dialog's Call-ID on both sides
CREATE INDEX IF NOT EXISTS srs_recordings_call_id ON store.srs_recordings (call_id);
-- the recorded call's session case as the SRC knew it (orig / term); it fills srs_recordings.direction of the
-- recording its RS dialog made, whichever of the two rows is written first
ALTER TABLE store.src_recordings ADD COLUMN IF NOT EXISTS direction VARCHAR(16);
