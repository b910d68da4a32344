export function App() {
  return (
    <main>
      <h1>netpol-lab</h1>
      <section aria-label="YAML editor" />
      <section aria-label="Cluster graph" aria-busy="false" />
    </main>
  );
}
