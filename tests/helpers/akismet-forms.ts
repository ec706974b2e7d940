import request from 'supertest';
import type { Express } from 'express';

/** The name an operator gives the service for Akismet clients, with a wildcard record under it. */
export const AKISMET_HOST = 'akismet.news.example';
export const BLOG = 'https://news.example';
export const CLEAN =
  'Thanks for the clear explanation of the council budget, it helped me understand the vote.';
/** The reader fields every Akismet call carries. */
export const reader = { user_ip: '203.0.113.7', user_agent: 'Mozilla/5.0 (X11; Linux x86_64)' };

/** A form post to an Akismet path with the Host header the client would send. */
export const postForm = (app: Express, path: string, host: string, fields: Record<string, string>) =>
  request(app).post(path).set('host', host).type('form').send(fields);
