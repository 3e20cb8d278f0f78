/** The extension's icon (assets/icon.png) drawn as a small inline SVG for the popup's header. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <rect width="24" height="24" rx="5" fill="#1b5ea8" />
      <circle cx="6.5" cy="6.5" r="2" fill="#7bdc9d" />
      <circle cx="17.5" cy="6.5" r="2" fill="#7bdc9d" />
      <circle cx="12" cy="18.5" r="2" fill="#7bdc9d" />
      <path d="M9.6 8.6v6.4l5.6-3.2z" fill="#ffffff" />
    </svg>
  );
}
