/**
 * A database URL fit to print: the password replaced by ***. Not through the URL parser: a password
 * that should have been percent-encoded (`a#b`) would be read as a fragment and printed.
 */
export function maskUrl(url: string): string {
  // The whole text is the URL: its password runs to the last @, spaces included (a passphrase left
  // unencoded, which the driver accepts); in free text (maskUrlsIn) a space ends a URL.
  const masked = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)(.*)@/is, (match, head: string, secret: string) => (secret === 'PASSWORD' ? match : `${head}***@`));
  return maskUrlsIn(masked);
}

/**
 * Masks the password of every URL in a text ("scheme://user:PASSWORD@host"), and password=… pairs.
 * The password runs to the last @ of the word: an unencoded password may itself hold @ / # ? or :.
 */
export function maskUrlsIn(text: string): string {
  // The placeholder of our own messages ("postgres://USER:PASSWORD@HOST…") is not a password.
  return (
    text
      .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)(\S*)@/gi, (match, head: string, secret: string) => (secret === 'PASSWORD' ? match : `${head}***@`))
      // A value runs to &, a space or the end, or to a closing quote of the message around it ("…password=x":).
      .replace(/(password=)\S*?(?=&|\s|$|["'][:,;.)]*(?:\s|$))/gi, '$1***')
  );
}

/** Removes every occurrence of a secret from a text, for error messages that may quote it. */
export function redact(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 1) out = out.split(secret).join('***');
  return out;
}
