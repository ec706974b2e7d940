import express from 'express';

/** Reference: Express 5 with the json body parser, answering 202 without doing anything. */
const app = express();
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});
app.use(express.json({ limit: 64 * 1024 }));
app.post('/v1/comments', (req, res) => {
  res.status(202).json({ id: (req.body as { id?: unknown }).id, status: 'queued' });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
