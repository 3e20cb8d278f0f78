/**
 * The parts of a URL that are KNOWN to be per-viewer credentials, and nothing else.
 *
 * Identities keep everything else: a merged swarm hands one video's bytes to viewers of another,
 * while an unmerged one only shares less. So a query parameter or path segment is dropped only
 * when it has the name or the form of a signing or session scheme below; a UUID or a long id in
 * a path, or `?v=1001`, names the video and stays. Names compare case-insensitively.
 */

/**
 * A signing scheme: its signature parameters (any of them present means the query is signed
 * this way) and the fields it signs that vary per viewer or per issue time (expiry, start, client
 * IP, key ids), dropped only alongside a signature. Fields that are the same for every viewer
 * (Azure's `sv`, `sp`, `sr`) are kept: they cost nothing and never merge two videos.
 */
interface SigningScheme {
  signatures: readonly string[];
  fields: readonly string[];
}

const SCHEMES: readonly SigningScheme[] = [
  // Akamai token auth 2.0 (query form; the path form is a key=value segment, below).
  { signatures: ["hdnts", "hdnea", "hdntl", "__token__", "__gda__"], fields: [] },
  // CloudFront signed URLs (canned and custom policy) and S3 / GCS V2 presigned URLs.
  {
    signatures: ["signature", "key-pair-id", "awsaccesskeyid", "googleaccessid"],
    fields: ["expires", "policy"],
  },
  // Azure Storage SAS: sig, and its expiry, start, IP and user delegation key fields.
  {
    signatures: ["sig"],
    fields: ["se", "st", "sip", "skoid", "sktid", "skt", "ske", "sks", "skv"],
  },
  // nginx secure_link (`$arg_md5`, `$arg_expires`).
  { signatures: ["md5"], fields: ["expires"] },
  // Wowza: SecureToken and the wmsAuthSign of its CDN.
  {
    signatures: ["wmsauthsign", "wowzatokenhash"],
    fields: ["wowzatokenstarttime", "wowzatokenendtime"],
  },
  // Tencent Cloud CSS/CDN (txSecret + txTime; type D `sign` + `t`), Alibaba Cloud type A.
  { signatures: ["txsecret", "sign"], fields: ["txtime", "t"] },
  { signatures: ["auth_key"], fields: [] },
  // Generic bearer tokens, HMACs and sessions (BunnyCDN, KeyCDN, Fastly, Vimeo-style CDNs...).
  {
    signatures: [
      "token",
      "access_token",
      "accesstoken",
      "auth_token",
      "authtoken",
      "jwt",
      "auth",
      "hmac",
      "session",
      "sessionid",
      "session_id",
      "jsessionid",
      "phpsessid",
    ],
    fields: ["expires", "expire", "expiry", "exp", "hash"],
  },
];

/**
 * Prefixes whose every parameter belongs to a request signature: S3 SigV4 presigned URLs
 * (`X-Amz-Signature`, `X-Amz-Date`, `X-Amz-Credential`...) and GCS V4 signed URLs (`X-Goog-*`).
 */
const SIGNED_PREFIXES = ["x-amz-", "x-goog-"] as const;

const SIGNATURES = new Set(SCHEMES.flatMap((scheme) => scheme.signatures));

const isSignature = (name: string): boolean =>
  SIGNATURES.has(name) || SIGNED_PREFIXES.some((prefix) => name.startsWith(prefix));

/**
 * The lowercase names of the parameters to drop from a query with these names: every signature
 * and signed-prefix parameter, and the fields of each scheme whose signature is present.
 */
export function tokenParams(names: Iterable<string>): Set<string> {
  const present = new Set([...names].map((name) => name.toLowerCase()));
  const dropped = new Set([...present].filter(isSignature));
  for (const scheme of SCHEMES) {
    if (!scheme.signatures.some((name) => present.has(name))) continue;
    for (const field of scheme.fields) if (present.has(field)) dropped.add(field);
  }
  return dropped;
}

/** A JWT (`eyJ<header>.<payload>.<signature>`, base64url; the signature may be empty). */
const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/;

/**
 * Whether a path segment is a known token form: a JWT, or a list of key=value pairs (joined by
 * `~`, `&` or `;`) with a signature among the keys, as Akamai's `hdnts=exp=..~acl=..~hmac=..` and
 * Vimeo-style `exp=..~acl=..~hmac=..` path tokens. `id=1234` names something and is kept.
 */
export function isTokenSegment(segment: string): boolean {
  if (JWT.test(segment)) return true;
  if (!segment.includes("=")) return false;
  return segment
    .split(/[~&;]/)
    .some((pair) => isSignature((pair.split("=", 1)[0] ?? "").toLowerCase()));
}
