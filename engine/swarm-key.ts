/**
 * A site's swarm. The engine never lets one site reach another's swarm or cache: the swarm id the
 * core sees (its info hash, its storage key) is the page's swarm id prefixed with the site, so the
 * same stream on two sites is two swarms, and a getSegment from site B for site A's swarm id
 * looks in B's swarm.
 */
export function scopedSwarmId(site: string, swarmId: string): string {
  // "\n" never appears in an origin, so the split is unambiguous.
  return `p2pv1\n${site}\n${swarmId}`;
}

/** The site of a scoped swarm id ("" for an id that is not one). */
export function siteOfScopedSwarmId(scopedId: string): string {
  const [prefix, site] = scopedId.split("\n");
  return prefix === "p2pv1" ? (site ?? "") : "";
}
