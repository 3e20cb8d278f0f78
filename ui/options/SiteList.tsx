import { t } from "../i18n";

interface SiteListProps {
  sites: string[];
  /** Per site, the players of other origins whose video is shared on its pages too. */
  embeds: Readonly<Record<string, readonly string[]>>;
  onRemove: (site: string) => void;
}

/**
 * The sites switched on one by one, each with the embedded players shared on its pages (shared
 * and stopped from the popup) and a remove button (which ends those too).
 */
export function SiteList({ sites, embeds, onRemove }: SiteListProps) {
  return (
    <section className="card stack" aria-labelledby="sites-title">
      <h2 id="sites-title">{t("sitesTitle")}</h2>
      {sites.length === 0 ? (
        <p className="muted empty">{t("sitesEmpty")}</p>
      ) : (
        <ul className="url-list" aria-label={t("sitesListLabel")}>
          {sites.map((site) => (
            <li key={site} className="spread">
              <div className="truncate" title={site}>
                {site}
                {(embeds[site] ?? []).length === 0 ? null : (
                  <div className="muted small">
                    {t("sitesEmbeds", (embeds[site] ?? []).join(", "))}
                  </div>
                )}
              </div>
              <button
                type="button"
                aria-label={t("removeItem", site)}
                onClick={() => {
                  onRemove(site);
                }}
              >
                {t("remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
