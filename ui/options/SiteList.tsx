interface SiteListProps {
  sites: string[];
  onRemove: (site: string) => void;
}

/** The sites switched on one by one, each with a remove button. */
export function SiteList({ sites, onRemove }: SiteListProps) {
  return (
    <section className="card stack" aria-labelledby="sites-title">
      <h2 id="sites-title">Sites</h2>
      {sites.length === 0 ? (
        <p className="muted empty">
          No sites yet. Open a site where you watch video, click the toolbar button and switch it on
          there.
        </p>
      ) : (
        <ul className="url-list" aria-label="Sites switched on">
          {sites.map((site) => (
            <li key={site} className="spread">
              <span className="truncate" title={site}>
                {site}
              </span>
              <button
                type="button"
                aria-label={`Remove ${site}`}
                onClick={() => {
                  onRemove(site);
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
