/** HTTP vs P2P as one bar (decorative: the share is also written out next to it). */
export function ShareBar({ share }: { share: number | undefined }) {
  if (share === undefined) return <div className="share-bar" aria-hidden="true" />;
  return (
    <div className="share-bar" aria-hidden="true">
      <span className="p2p" style={{ width: `${String(share)}%` }} />
      <span className="http" style={{ width: `${String(100 - share)}%` }} />
    </div>
  );
}
