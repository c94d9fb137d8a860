//! Concept-search micro-benchmarks (run by `scripts/bench-hybrid`):
//! model load time, query embedding latency, paragraph embedding throughput
//! on 1 and 2 threads, and the exact dense scan over N stand-in vectors of
//! the model's dimension (random, int8 like the index's).
//!
//!     cargo run --release --example embed_bench -- MODEL_DIR SEED.txt [PARAGRAPHS_FOR_SCAN...]

#[path = "common/standin.rs"]
mod standin;

use std::time::Instant;
use visidex::dense::store::Entry;
use visidex::embed;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(models), Some(seed)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: embed_bench MODEL_DIR SEED.txt [N...]");
    };
    let started = Instant::now();
    let tokenizer = embed::sentencepiece::Tokenizer::load(
        &std::path::Path::new(models).join("use-multilingual-v3/sp.model"),
    )?;
    println!(
        "tokenizer_load_ms {:.1} ({} pieces)",
        started.elapsed().as_secs_f64() * 1e3,
        tokenizer.vocab_size()
    );
    let started = Instant::now();
    let encoder = embed::load(std::path::Path::new(models))?
        .ok_or_else(|| anyhow::anyhow!("no model in {models}"))?;
    println!(
        "model_load_ms {:.1} ({}, {}-d)",
        started.elapsed().as_secs_f64() * 1e3,
        encoder.name(),
        encoder.dim()
    );

    // Paragraph-sized texts: the seed's blank-line-separated blocks.
    let text = std::fs::read_to_string(seed)?;
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| p.len() > 40)
        .collect();
    let queries = [
        "hoe betrekt de stad haar inwoners bij het beleid",
        "betaalbaar wonen voor jonge gezinnen",
        "samenwerking tussen stad en OCMW",
        "armoede bij kinderen",
        "programmamanagement",
        "wat vindt de commissie van de financiële toestand van de stad",
    ];
    let mut latencies = Vec::new();
    for _ in 0..5 {
        for query in queries {
            let t = Instant::now();
            std::hint::black_box(encoder.embed_query(query)?);
            latencies.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    println!("query_embed_ms_median {:.2}", median(latencies));
    // One paragraph of about 115 e5 tokens (a long paragraph of the seed).
    let long = "3. STRATEGISCHE KOERS › Managementteam: Het managementteam komt wekelijks \
        samen en bespreekt de voortgang van de strategische projecten, de meerjarenplanning en \
        de samenwerking met het OCMW. De visitatiecommissie beveelt aan om programmamanagement \
        verder uit te bouwen. "
        .repeat(2);
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        std::hint::black_box(encoder.embed(&long)?);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "long_paragraph_embed_ms_median {:.1} (1 thread)",
        median(times)
    );

    for threads in [1usize, 2] {
        let t = Instant::now();
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(p) = paragraphs.get(i) else { break };
                    std::hint::black_box(encoder.embed(p).ok());
                });
            }
        });
        let secs = t.elapsed().as_secs_f64();
        println!(
            "paragraphs_per_s_{threads}_threads {:.1} ({} paragraphs, mean {} chars)",
            paragraphs.len() as f64 / secs,
            paragraphs.len(),
            paragraphs.iter().map(String::len).sum::<usize>() / paragraphs.len().max(1)
        );
    }

    let query = encoder.embed_query(queries[0])?;
    // `--index=DIR`: loading that index's vectors and ranking them.
    for dir in args.iter().filter_map(|a| a.strip_prefix("--index=")) {
        let mut loads = Vec::new();
        let mut ranks = Vec::new();
        let mut count = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let dense = visidex::dense::DenseIndex::load(
                std::path::Path::new(dir),
                encoder.name(),
                encoder.dim(),
            )?;
            loads.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            std::hint::black_box(dense.ranked(&query, 0.0, 400));
            ranks.push(t.elapsed().as_secs_f64() * 1e3);
            count = dense.len();
        }
        println!(
            "vectors_load_ms_median {:.1} rank_ms_median {:.1} ({count} vectors in {dir})",
            median(loads),
            median(ranks)
        );
    }
    for n in args.iter().skip(2).filter(|a| !a.starts_with("--")) {
        let n: usize = n.parse()?;
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let entries: Vec<Entry> = (0..n)
            .map(|i| {
                let v = standin::next_vector(&mut state, encoder.dim());
                Entry::quantise(i as u32, [0; 16], &v)
            })
            .collect();
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let mut best = (f32::MIN, 0);
            for (i, e) in entries.iter().enumerate() {
                let s = e.dot(&query);
                if s > best.0 {
                    best = (s, i);
                }
            }
            std::hint::black_box(best);
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        println!("dense_scan_ms_median_{n} {:.1}", median(times));
    }
    Ok(())
}
