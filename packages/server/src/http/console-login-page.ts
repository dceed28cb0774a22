// The console's sign-in page: plain HTML with no script, served by the server itself so that it does not depend
// on the console's build (and works before any session exists).

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/** The page, with `problem` (a failed sign-in) shown above the form. */
export function loginPage(problem: string | undefined): string {
  const notice = problem === undefined ? '' : `<p role="alert" class="problem">${escapeHtml(problem)}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Stepwise</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; display: grid; place-items: center; min-height: 90vh; margin: 0; }
form { display: grid; gap: 0.6rem; width: 22rem; }
input, button { font: inherit; padding: 0.4rem; }
.problem { color: #b00020; }
</style>
</head>
<body>
<main>
<h1>Stepwise console</h1>
<p>Sign in with an access key of the server's keys file, or with the one-time link it printed at start.</p>
${notice}
<form method="post" action="/console/login">
<label>Access key ID <input name="accessKeyId" autocomplete="username" required></label>
<label>Secret access key <input name="secretAccessKey" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}
