import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createRequestLog } from '../../src/http/request-log';

/** An app behind the request log, and the lines its logger wrote. */
function appLogging(level: pino.LevelWithSilent) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = express();
  app.use(createRequestLog(logger));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/v1/things/:id', (req, res) => {
    req.log.info({ thing: req.params.id }, 'thing read');
    res.json({ id: req.params.id });
  });
  app.get('/broken', (_req, res) => {
    res.status(503).json({});
  });
  return { app, lines };
}

describe('createRequestLog', () => {
  it('logs one line per answered request with its id, method, path (no query), status and time', async () => {
    const { app, lines } = appLogging('info');
    const res = await request(app).get('/v1/things/42?secret=x');
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'thing read',
        thing: '42',
        req: { id, method: 'GET', path: '/v1/things/42' },
      }),
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: { id, method: 'GET', path: '/v1/things/42' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
  });

  it('keeps a sane incoming x-request-id, logs a 5xx at error level, and leaves health probes out', async () => {
    const { app, lines } = appLogging('info');
    await request(app).get('/healthz');
    const res = await request(app).get('/broken').set('x-request-id', 'edge-7');
    expect(res.headers['x-request-id']).toBe('edge-7');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'request errored',
        req: expect.objectContaining({ id: 'edge-7' }),
      }),
    ]);
  });

  it('when the level is above info, writes no line for a successful request', async () => {
    const { app, lines } = appLogging('warn');
    expect((await request(app).get('/v1/things/1')).status).toBe(200);
    expect(lines).toEqual([]);
  });
});
