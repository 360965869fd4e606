// Real NetBox writes run at ~70 ms per object on a shared 2-core machine; project-level testTimeout is ignored by jest.
jest.setTimeout(180000);
