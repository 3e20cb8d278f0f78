function Options() {
  return (
    <main style={{ maxWidth: 640, padding: 24, fontFamily: "system-ui, sans-serif" }}>
      <h1>PeerCast Video</h1>
      <h2>Settings</h2>
      <p>Not yet active: the engine arrives in a later release.</p>
    </main>
  );
}

export default Options;
