import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers for the API and the web app. The CSP allows only this origin (WebSockets
 * included); `upgrade-insecure-requests` is off so that a plain-http deployment on a LAN works.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/** CORS only for the configured origin; without one, the browser's same-origin rule stands. */
export function corsFor(origin: string | false): RequestHandler | null {
  if (!origin) return null;
  // A function (not the string) so that other origins get no CORS headers at all.
  return cors({
    origin: (requestOrigin, callback) => callback(null, requestOrigin === origin),
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
}
