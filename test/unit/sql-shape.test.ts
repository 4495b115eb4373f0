import * as assert from 'node:assert/strict';
import { HOLE, looksLikeSql, startsLikeSql } from '../../server/src/python/sql';

describe('SQL shape of literal text', () => {
  it('reads statements with holes in table and subquery positions as SQL', () => {
    for (const text of [
      `SELECT * FROM (${HOLE}) AS sub`,
      `DELETE FROM ${HOLE} WHERE id = ${HOLE}`,
      `SELECT name FROM users WHERE id = ${HOLE}`,
      `INSERT INTO ${HOLE} (a, b) VALUES (${HOLE}, ${HOLE})`,
      `INSERT INTO "sqlite_sequence" VALUES('${HOLE}',${HOLE})`,
      `SELECT * FROM users u JOIN groups g ON g.id = u.group_id`,
      `SELECT x FROM t1, ${HOLE}`,
      `UPDATE ${HOLE} SET name = ${HOLE}`,
      `WITH recent AS (SELECT 1) SELECT * FROM recent`,
      `col.default_on_null, (SELECT id.generation_type FROM all_tab_identity_cols${HOLE} id WHERE col.table_name = id.table_name)`,
      `a.id IN (SELECT user_id FROM ${HOLE})`,
    ]) {
      assert.ok(looksLikeSql(text), text);
    }
  });

  it('reads sentences about tables as prose', () => {
    for (const text of [
      `Insert into ${HOLE} failed: ${HOLE}`,
      `Select files from ${HOLE} to upload`,
      `Please select a value from ${HOLE}`,
      `delete from the guild ${HOLE}`,
      `SELECT statement has a cartesian product between FROM element(s) ${HOLE} and FROM element "${HOLE}".`,
      `Update your profile to set ${HOLE}`,
      `Choose a mode (select one from the list) for ${HOLE}`,
      `Cannot read ${HOLE} (select files from ${HOLE} to upload)`,
    ]) {
      assert.ok(!looksLikeSql(text), text);
    }
  });

  it('knows the first words of statements for execute() on an unknown receiver', () => {
    assert.ok(startsLikeSql(`PRAGMA table_info(${HOLE})`));
    assert.ok(startsLikeSql(`  DROP DATABASE ${HOLE}`));
    assert.ok(!startsLikeSql(`rm -rf ${HOLE}`));
    assert.ok(!startsLikeSql(`${HOLE} --force`));
  });
});
