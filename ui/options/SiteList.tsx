import { t } from "../i18n";

interface SiteListProps {
  sites: string[];
  onRemove: (site: string) => void;
}

/** The sites switched on one by one, each with a remove button. */
export function SiteList({ sites, onRemove }: SiteListProps) {
  return (
    <section className="card stack" aria-labelledby="sites-title">
      <h2 id="sites-title">{t("sitesTitle")}</h2>
      {sites.length === 0 ? (
        <p className="muted empty">{t("sitesEmpty")}</p>
      ) : (
        <ul className="url-list" aria-label={t("sitesListLabel")}>
          {sites.map((site) => (
            <li key={site} className="spread">
              <span className="truncate" title={site}>
                {site}
              </span>
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
