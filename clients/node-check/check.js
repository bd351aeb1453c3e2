#!/usr/bin/env node
// Proves a client in another language works from proto/ alone.
//
//   node check.js HOST:PORT
//
// Loads ../../proto/sourcecheck/v1/scoring.proto at run time (no generated
// code), ingests two articles from different outlets that share a sentence,
// scores the first, and prints its claims. Exits 0 only when every call
// succeeded and at least one claim came back; any failure exits 1.
// SOURCECHECK_API_KEY, when set, is sent as the `x-api-key` header.
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.resolve(__dirname, '..', '..', 'proto');
// google/api/*.proto (the HTTP and field-behaviour annotations proto/ imports), vendored.
const GOOGLEAPIS = path.resolve(__dirname, '..', '..', 'third_party', 'googleapis');
const PROTO_FILE = 'sourcecheck/v1/scoring.proto';
const DEADLINE_MS = 20000;

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function loadService() {
  // google/protobuf/*.proto is bundled with protobufjs (which proto-loader
  // uses); google/api/*.proto comes from the vendored googleapis.
  const definition = protoLoader.loadSync(PROTO_FILE, {
    includeDirs: [PROTO_ROOT, GOOGLEAPIS],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition);
  return pkg.sourcecheck.v1.ScoringService;
}

function call(client, method, request) {
  const metadata = new grpc.Metadata();
  if (process.env.SOURCECHECK_API_KEY) {
    metadata.set('x-api-key', process.env.SOURCECHECK_API_KEY);
  }
  const deadline = new Date(Date.now() + DEADLINE_MS);
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline }, (err, response) => {
      if (err) {
        reject(new Error(`${method} failed: ${grpc.status[err.code] || err.code}: ${err.details || err.message}`));
      } else {
        resolve(response);
      }
    });
  });
}

function timestamp(iso) {
  const ms = Date.parse(iso);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

async function main() {
  const address = process.argv[2];
  if (!address) {
    fail('usage: node check.js HOST:PORT');
  }
  const ScoringService = loadService();
  const client = new ScoringService(address, grpc.credentials.createInsecure());
  const run = `${Date.now().toString(36)}-${process.pid}`;
  const shared = 'The interior ministry said on Tuesday that 42 people had died in the floods.';
  const first = {
    id: `node-${run}-times`,
    outlet: 'The Example Times',
    url: 'https://times.example/floods',
    title: 'Floods kill dozens',
    body: `Heavy rain hit the eastern provinces overnight. ${shared} ` +
      'Rescue teams were still searching villages near the river, according to local officials.',
    published_at: timestamp('2024-10-30T08:00:00Z'),
    language: 'en',
  };
  const second = {
    id: `node-${run}-daily`,
    outlet: 'Daily Example',
    body: `${shared} Forecasters warned that more rain was expected later in the week.`,
    published_at: timestamp('2024-10-30T09:30:00Z'),
  };

  try {
    for (const article of [first, second]) {
      const ingested = await call(client, 'IngestArticle', { article });
      console.log(`ingested ${ingested.article_id}: ${ingested.claim_count} claims (replaced: ${ingested.replaced})`);
    }
    const scored = await call(client, 'ScoreArticle', { article: first });
    console.log(
      `scored ${scored.article_id} with policy ${scored.policy_version} and extractor ${scored.extractor_version}: ` +
        `${scored.claims.length} claims`,
    );
    for (const claim of scored.claims) {
      const attribution = claim.attribution || {};
      console.log(JSON.stringify({
        id: claim.id,
        text: claim.text,
        span: claim.span,
        kind: attribution.kind,
        source: attribution.source,
        score: claim.score,
        attribution_strength: claim.attribution_strength,
        corroboration: claim.corroboration,
        independent_origins: claim.independent_origins,
        supporting: claim.supporting.map((m) => ({ article_id: m.article_id, outlet: m.outlet, similarity: m.similarity })),
        reasons: claim.reasons,
      }));
    }
    if (scored.article_id !== first.id) {
      throw new Error(`scored article id ${scored.article_id} != ${first.id}`);
    }
    if (scored.claims.length === 0) {
      throw new Error('no claims came back');
    }
    // JavaScript strings are UTF-16: with ENCODING_TYPE_UTF16 the spans slice the body as it is
    // held here, past characters outside the Basic Multilingual Plane.
    const emoji = {
      id: `node-${run}-emoji`,
      outlet: 'Daily Example',
      body: `Crowds cheered \u{1F389} in the square on Sunday night. ${shared}`,
    };
    const wide = await call(client, 'ScoreArticle', { article: emoji, encoding_type: 'ENCODING_TYPE_UTF16' });
    for (const claim of wide.claims) {
      const sliced = emoji.body.slice(claim.span.start, claim.span.end);
      if (sliced !== claim.text) {
        throw new Error(`UTF-16 span ${claim.span.start}-${claim.span.end} slices ${JSON.stringify(sliced)}, not the claim`);
      }
    }
    console.log(`utf16 spans ok: ${wide.claims.length} claims`);
    console.log(`OK ${scored.claims.length} claims`);
  } finally {
    client.close();
  }
}

main().catch((err) => fail(err.message));
