import type { SiteComment } from './store';

/**
 * Escapes text for HTML element content and double-quoted attribute values. Every string that
 * came from a reader (or from the query string) goes through this before it reaches the page.
 */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * No inline script anywhere, and none allowed: even if escaping were forgotten somewhere,
 * the browser would refuse to run injected script. Styles come from /style.css only.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const STYLESHEET = `body{font:16px/1.5 Georgia,serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{line-height:1.2}.byline{color:#666}.notice{background:#fff6d5;border:1px solid #e6cf73;padding:.5rem 1rem}
.error{background:#fde2e2;border-color:#e08a8a}.comment{border-top:1px solid #ddd;padding:.5rem 0}
.comment .author{font-weight:bold}.comment p{white-space:pre-wrap;margin:.25rem 0}
label{display:block;margin-top:.75rem}input,textarea{width:100%;box-sizing:border-box;font:inherit}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}button{margin-top:1rem;font:inherit}`;

export interface Article {
  id: string;
  title: string;
  byline: string;
  paragraphs: string[];
}

export const ARTICLE: Article = {
  id: 'harbour-works-2026',
  title: 'Harbour works to finish a month early',
  byline: 'By the city desk',
  paragraphs: [
    'The dredging of the old harbour basin will be finished by the end of next month, four weeks ahead of plan, the port authority said on Tuesday.',
    'Ferries will return to the inner quay in the spring; until then they keep using the temporary pier by the fish market.',
  ],
};

export interface PageInput {
  article: Article;
  comments: SiteComment[];
  /** A message for the reader who just posted, or a form error. */
  notice?: { text: string; error?: boolean };
  /** When the form was shown (ISO 8601), echoed back by the form for the time-to-submit check. */
  renderedAt: string;
  /** What the reader typed, put back into the form after an error. */
  values?: { name?: string; email?: string; comment?: string };
}

/** The article page with its approved comments and the "Leave a reply" form. */
export function renderArticlePage(input: PageInput): string {
  const { article, comments, notice, renderedAt, values = {} } = input;
  const e = escapeHtml;
  const commentList =
    comments.length === 0
      ? '<p>No comments yet.</p>'
      : comments
          .map(
            (comment) => `<article class="comment" id="comment-${e(comment.id)}">
  <div class="author">${e(comment.name)}</div>
  <time datetime="${e(comment.createdAt.toISOString())}">${e(comment.createdAt.toUTCString())}</time>
  <p>${e(comment.content)}</p>
</article>`,
          )
          .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(article.title)}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<main>
<h1>${e(article.title)}</h1>
<p class="byline">${e(article.byline)}</p>
${article.paragraphs.map((paragraph) => `<p>${e(paragraph)}</p>`).join('\n')}
<section id="comments">
<h2>Comments (${comments.length})</h2>
${notice ? `<p class="notice${notice.error ? ' error' : ''}" role="status">${e(notice.text)}</p>` : ''}
${commentList}
</section>
<section id="reply">
<h2>Leave a reply</h2>
<form method="post" action="/comments">
  <label>Name <input name="name" required maxlength="200" autocomplete="name" value="${e(values.name ?? '')}"></label>
  <label>E-mail (not published) <input name="email" type="email" maxlength="320" autocomplete="email" value="${e(values.email ?? '')}"></label>
  <label>Comment <textarea name="comment" required maxlength="5000" rows="6">${e(values.comment ?? '')}</textarea></label>
  <div class="hp" aria-hidden="true"><label>Leave this field empty <input name="website" tabindex="-1" autocomplete="off"></label></div>
  <input type="hidden" name="renderedAt" value="${e(renderedAt)}">
  <button type="submit">Post comment</button>
</form>
</section>
</main>
</body>
</html>`;
}
