import { akismetKeyOf } from '../../src/akismet/akismet-key';
import { isTestForm } from '../../src/akismet/akismet-schema';

const KEY = `sk-${'a'.repeat(52)}`;
const none = { form: {}, bearer: null, authorization: undefined, hostname: undefined };

describe('reading an Akismet form', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['false', false],
    ['No', false],
    ['1', true],
    ['true', true],
    ['TRUE', true],
    ['yes', true],
  ])('is_test %j means a test: %s', (value, test) => {
    expect(isTestForm({ is_test: value })).toBe(test);
  });
});

describe('the API key of an Akismet call', () => {
  it.each([
    ['api_key', { ...none, form: { api_key: KEY, key: 'other' } }],
    ['key', { ...none, form: { key: KEY } }],
    ['a bearer token', { ...none, bearer: KEY }],
    ['a Basic user name', { ...none, authorization: `Basic ${Buffer.from(`${KEY}.:`).toString('base64')}` }],
    ['the host name', { ...none, hostname: `${KEY.toUpperCase()}.akismet.example` }],
  ])('comes from %s', (_where, carriers) => {
    expect(akismetKeyOf(carriers)).toEqual({ key: KEY });
  });

  it.each([
    ['a bare host name', 'akismet.example'],
    ['a label that is no key', 'www.akismet.example'],
    ['the key alone, without a host under it', KEY],
  ])('is absent from %s, with a hint', (_case, hostname) => {
    expect(akismetKeyOf({ ...none, hostname })).toEqual({
      key: null,
      hint: expect.stringMatching(/api_key/),
    });
  });
});
