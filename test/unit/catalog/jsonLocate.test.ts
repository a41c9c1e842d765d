import { strict as assert } from 'node:assert';
import { jsonSyntaxErrorSpan, locateJsonPath } from '../../../src/core/catalog/jsonLocate';

describe('locateJsonPath', () => {
  const text = '{\n  "id": "x",\n  "checks": [\n    { "id": "a", "kind": "files" },\n    { "id": "b", "kind": "bogus", "nested": { "k": [1, true, null, "s\\"q"] } }\n  ]\n}\n';

  it('finds a key inside an array of objects', () => {
    const s = locateJsonPath(text, ['checks', 1, 'kind']);
    assert.deepEqual([s?.line, s?.column, s?.length], [5, 18, 6]);
    assert.equal(text.slice(s?.offset, (s?.offset ?? 0) + (s?.length ?? 0)), '"kind"');
  });

  it('falls back to the deepest existing value for a missing field', () => {
    const s = locateJsonPath(text, ['checks', 0, 'glob']);
    assert.deepEqual([s?.line, s?.column, s?.length], [4, 5, 1]);
  });

  it('points at the start for the root, and gives up on text that is not JSON', () => {
    assert.deepEqual(locateJsonPath(text, [])?.offset, 0);
    assert.equal(locateJsonPath('{"a": nope}', ['a', 'b']), undefined);
  });

  it('reads the position out of a JSON.parse error', () => {
    const bad = '{\n  "a": 1,,\n}';
    try {
      JSON.parse(bad);
      assert.fail('should not parse');
    } catch (e) {
      assert.equal(jsonSyntaxErrorSpan(bad, (e as Error).message).line, 2);
    }
  });
});
