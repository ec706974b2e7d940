import { signedHeaders } from '../../src/delivery/sign';
import { verifyStandardWebhook } from '../helpers/standard-webhooks';

// The test vector the Standard Webhooks specification publishes.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const at = Number(vector.timestamp);
const verify = (overrides: Partial<typeof vector> = {}, now = at) => {
  const { secret, body, ...headers } = { ...vector, ...overrides };
  return verifyStandardWebhook(secret, body, headers, now);
};

describe("the tests' own Standard Webhooks verifier", () => {
  it("accepts the specification's test vector", () => {
    expect(verify()).toEqual({ test: 2432232314 });
  });

  it.each([
    ['another body', { body: '{"test": 2432232315}' }],
    ['another id', { id: 'msg_other' }],
    [
      'another secret',
      { secret: 'whsec_' + Buffer.from('a different secret, 32 bytes!!!!').toString('base64') },
    ],
    ['a v2 signature', { signature: vector.signature.replace('v1,', 'v2,') }],
    ['no signature', { signature: '' }],
  ])('refuses %s', (_case, overrides) => {
    expect(() => verify(overrides)).toThrow(/no webhook-signature matches/);
  });

  it('refuses a timestamp more than five minutes away, either way', () => {
    expect(verify({}, at + 300)).toBeDefined();
    expect(() => verify({}, at + 301)).toThrow(/tolerance/);
    expect(() => verify({}, at - 301)).toThrow(/tolerance/);
  });

  it('accepts any one of several space-separated signatures (a secret rotation)', () => {
    expect(verify({ signature: `v1,AAAA ${vector.signature}` })).toEqual({ test: 2432232314 });
  });
});

describe('the service signs as the specification says', () => {
  it("reproduces the specification's test vector", () => {
    const headers = signedHeaders({
      webhookId: vector.id,
      timestamp: new Date(at * 1000),
      body: vector.body,
      secrets: [vector.secret],
    });
    expect(headers).toMatchObject({
      'webhook-id': vector.id,
      'webhook-timestamp': vector.timestamp,
      'webhook-signature': vector.signature,
    });
  });
});
