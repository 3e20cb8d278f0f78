function Popup() {
  return (
    <main style={{ minWidth: 280, padding: 16, fontFamily: "system-ui, sans-serif" }}>
      <h1 style={{ fontSize: 18, margin: "0 0 8px" }}>PeerCast Video</h1>
      <p style={{ margin: 0 }}>Not yet active: the engine arrives in a later release.</p>
    </main>
  );
}

export default Popup;
