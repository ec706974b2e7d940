import { verdictDelivery, verdictEvent } from '../../src/delivery/verdict-event';
import { appealDecidedDelivery } from '../../src/delivery/appeal-event';

const comment = {
  id: '0b6c7a52-5d0a-4c1e-9f55-2f4f3c8d9e01',
  externalId: 'c-42',
  siteId: '7d3f1b2a-9c4e-4a5b-8d6f-1e2a3b4c5d6e',
  status: 'rejected' as const,
  version: 3,
  verdict: {
    action: 'review' as const,
    score: 4,
    signals: [{ check: 'links', code: 'too_many_links', score: 4, message: '5 links' }],
  },
  decidedAt: '2026-03-01T10:20:30.456Z',
  reason: { code: 'spam', text: 'This comment looks like spam or advertising.' },
  observed: false,
};

describe('the comment.verdict event', () => {
  it("carries the decider's action with the worker's score and signals, stamped when it was decided", () => {
    expect(verdictEvent(comment, { action: 'reject', decidedBy: 'moderator' })).toEqual({
      type: 'comment.verdict',
      timestamp: '2026-03-01T10:20:30.456Z',
      data: {
        id: comment.id,
        externalId: 'c-42',
        siteId: comment.siteId,
        status: 'rejected',
        version: 3,
        action: 'reject',
        score: 4,
        signals: comment.verdict.signals,
        decidedBy: 'moderator',
        reason: comment.reason,
      },
    });
  });

  it("in trial mode tells the site approve, with the worker's would-be verdict and reason alongside", () => {
    const observed = { ...comment, status: 'approved' as const, version: 2, observed: true };
    const event = verdictEvent(observed, { action: 'review', decidedBy: 'auto' });
    expect(event.data).toMatchObject({
      status: 'approved',
      action: 'approve',
      reason: null,
      wouldBe: { status: 'pending_review', action: 'review', reason: comment.reason },
    });
    expect(Object.keys(event.data).at(-1)).toBe('wouldBe');
    expect(verdictEvent(comment, { action: 'reject', decidedBy: 'moderator' }).data).not.toHaveProperty(
      'wouldBe',
    );
  });

  it('has no score and no signals for a comment the worker never decided', () => {
    const event = verdictEvent({ ...comment, verdict: null }, { action: 'approve', decidedBy: 'site' });
    expect(event.data).toMatchObject({ action: 'approve', score: null, signals: [] });
  });

  it('refuses a comment that has no verdict yet', () => {
    expect(() => verdictEvent({ ...comment, decidedAt: null }, { action: null, decidedBy: 'auto' })).toThrow(
      /no verdict/,
    );
  });

  it('is recorded under a webhook id stable per comment version, with the body sent byte for byte', () => {
    const delivery = verdictDelivery(comment, { action: 'reject', decidedBy: 'moderator' });
    expect(delivery).toMatchObject({
      siteId: comment.siteId,
      commentId: comment.id,
      version: 3,
      webhookId: `msg_${comment.id}_3`,
    });
    expect(JSON.parse(delivery.body)).toEqual(
      verdictEvent(comment, { action: 'reject', decidedBy: 'moderator' }),
    );
  });

  it('ends an appeal with comment.appeal_decided under the same webhook id scheme; an overturned one has no reason', () => {
    const upheld = appealDecidedDelivery(comment, { id: 'a-1', outcome: 'upheld', decidedBy: 'moderator' });
    expect(upheld).toMatchObject({ eventType: 'comment.appeal_decided', webhookId: `msg_${comment.id}_3` });
    expect(JSON.parse(upheld.body)).toEqual({
      type: 'comment.appeal_decided',
      timestamp: comment.decidedAt,
      data: {
        id: comment.id,
        externalId: 'c-42',
        siteId: comment.siteId,
        status: 'rejected',
        version: 3,
        appealId: 'a-1',
        outcome: 'upheld',
        decidedBy: 'moderator',
        reason: comment.reason,
      },
    });
    const overturned = appealDecidedDelivery(
      { ...comment, status: 'approved', reason: null },
      { id: 'a-1', outcome: 'overturned', decidedBy: 'site' },
    );
    expect(JSON.parse(overturned.body).data).toMatchObject({ outcome: 'overturned', reason: null });
  });
});
