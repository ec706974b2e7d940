/**
 * Undo: a decision that restores the state before another one names the decision it undoes, so the
 * audit log reads "undo of …" and a decision is undone at most once.
 */
export const sql = `
ALTER TABLE decisions ADD COLUMN undoes bigint REFERENCES decisions (id);
CREATE UNIQUE INDEX decisions_undoes_idx ON decisions (undoes) WHERE undoes IS NOT NULL;
`;
