//! Every comparative sentence about speed in chapters 4–8 and in chapter 11's measured page, with
//! the measurement that backs it.
//!
//! The book may say "A is faster than B" only where this table says which cells of
//! `benches/results/results.csv` show it, and how (with the 95 % confidence intervals). Each
//! sentence carries an HTML comment `<!-- claim: ID -->` right after it, so a reader of the
//! Markdown (and the test `benches/tests/claims.rs`) finds the check, and a check finds its
//! sentence. The claims are checked against the committed CSV in CI and against fresh results
//! by `cargo xtask bench`, which names the sentence a re-run contradicts.
//!
//! Figures are never typed into the prose: they come from `headlines.md`. A claim states only
//! a direction and a conservative factor.

use std::collections::BTreeMap;

/// A benchmark cell: `"topology/message/implementation/capacity"`, as in the CSV.
pub type Cell = &'static str;

/// What a sentence asserts about two cells (times per iteration: smaller is faster).
#[derive(Clone, Copy, Debug)]
pub enum Relation {
    /// `a` is faster than `b` by at least `factor`, and the intervals do not overlap even
    /// after scaling: `high(a) · factor < low(b)`.
    Faster { a: Cell, b: Cell, factor: f64 },
    /// Neither is more than `factor` times faster than the other (point estimates).
    Similar { a: Cell, b: Cell, factor: f64 },
    /// `a` is not more than `factor` times faster than `b`: `est(a) · factor ≥ est(b)`.
    NotFaster { a: Cell, b: Cell, factor: f64 },
    /// Going from `b` to `a` saves at least `factor` times as many nanoseconds as going from
    /// `d` to `c`, with the intervals on the unfavourable side:
    /// `low(b) − high(a) ≥ factor · (high(d) − low(c))`. For "diminishing returns".
    SavesMore {
        a: Cell,
        b: Cell,
        c: Cell,
        d: Cell,
        factor: f64,
    },
}

impl Relation {
    /// The cells the relation reads.
    pub fn cells(&self) -> Vec<Cell> {
        match *self {
            Relation::Faster { a, b, .. }
            | Relation::Similar { a, b, .. }
            | Relation::NotFaster { a, b, .. } => vec![a, b],
            Relation::SavesMore { a, b, c, d, .. } => vec![a, b, c, d],
        }
    }
}

/// One sentence of the book and the relations it rests on.
#[derive(Clone, Copy, Debug)]
pub struct Claim {
    pub id: &'static str,
    /// The page, relative to the workspace root.
    pub page: &'static str,
    /// What the sentence says, in short.
    pub says: &'static str,
    pub relations: &'static [Relation],
    /// The committed results predate a cell it needs (added with this check): CI skips the
    /// claim while a cell is missing; `cargo xtask bench` requires every cell.
    pub needs_rerun: bool,
}

const IMPL: &str = "src/ch08-performance/implementations.md";
const CAPACITY: &str = "src/ch08-performance/capacity.md";

/// The claims, in page order.
pub const CLAIMS: &[Claim] = &[
    Claim {
        id: "ch02-std-waits-costlier",
        page: "src/ch02-std-mpsc/index.md",
        says: "小容量、一来一回频繁时 std 比 crossbeam 慢；大容量时两者相当",
        relations: &[
            Relation::Faster {
                a: "spsc/u64/crossbeam/4",
                b: "spsc/u64/std/4",
                factor: 2.0,
            },
            Relation::Similar {
                a: "spsc/u64/std/1024",
                b: "spsc/u64/crossbeam/1024",
                factor: 2.0,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "ch04-index-waits",
        page: "src/ch04-crossbeam/index.md",
        says: "经常要等的场合 crossbeam 明显更快，很少等待时两者相当",
        relations: &[
            Relation::Faster {
                a: "pingpong/u64/crossbeam/1",
                b: "pingpong/u64/std/1",
                factor: 2.0,
            },
            Relation::Similar {
                a: "spsc/u64/std/1024",
                b: "spsc/u64/crossbeam/1024",
                factor: 2.0,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "ch04-vs-std-waits",
        page: "src/ch04-crossbeam/vs-std.md",
        says: "小容量和乒乓 crossbeam 快好几倍；bounded(1024) 两者相当",
        relations: &[
            Relation::Faster {
                a: "spsc/u64/crossbeam/1",
                b: "spsc/u64/std/1",
                factor: 3.0,
            },
            Relation::Faster {
                a: "pingpong/u64/crossbeam/1",
                b: "pingpong/u64/std/1",
                factor: 3.0,
            },
            Relation::Similar {
                a: "spsc/u64/std/1024",
                b: "spsc/u64/crossbeam/1024",
                factor: 2.0,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "floors-beat-channels",
        page: IMPL,
        says: "两个自旋下限比线程之间的每一个通道都快",
        relations: &[
            Relation::Faster {
                a: "spsc/u64/rtrb/1024",
                b: "spsc/u64/crossbeam/1024",
                factor: 1.0,
            },
            Relation::Faster {
                a: "spsc/u64/rtrb/1024",
                b: "spsc/u64/std/1024",
                factor: 1.0,
            },
            Relation::Faster {
                a: "spsc/u64/rtrb/1024",
                b: "spsc/u64/flume/1024",
                factor: 1.0,
            },
            Relation::Faster {
                a: "spsc/u64/rtrb/1024",
                b: "spsc/u64/kanal/1024",
                factor: 1.0,
            },
            Relation::Faster {
                a: "pingpong/u64/atomic/1",
                b: "pingpong/u64/std/1",
                factor: 1.0,
            },
            Relation::Faster {
                a: "pingpong/u64/atomic/1",
                b: "pingpong/u64/crossbeam/1",
                factor: 1.0,
            },
            Relation::Faster {
                a: "pingpong/u64/atomic/1",
                b: "pingpong/u64/flume/1",
                factor: 1.0,
            },
            Relation::Faster {
                a: "pingpong/u64/atomic/1",
                b: "pingpong/u64/kanal/1",
                factor: 1.0,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "blocking-floor-spin-beats-park",
        page: IMPL,
        says: "自旋的原子乒乓比 park/unpark 往返快得多",
        relations: &[Relation::Faster {
            a: "pingpong/u64/atomic/1",
            b: "pingpong/u64/park/1",
            factor: 5.0,
        }],
        needs_rerun: false,
    },
    Claim {
        id: "spsc-capacity-1-waits",
        page: IMPL,
        says: "bounded(1) 几乎每条消息都要等，比 bounded(1024) 慢得多",
        relations: &[
            Relation::Faster {
                a: "spsc/u64/crossbeam/1024",
                b: "spsc/u64/crossbeam/1",
                factor: 3.0,
            },
            Relation::Faster {
                a: "spsc/u64/std/1024",
                b: "spsc/u64/std/1",
                factor: 3.0,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "std-vs-crossbeam-frequent-waits",
        page: IMPL,
        says: "等待频繁（小容量、乒乓）时 crossbeam 明显比 std 快",
        relations: &[
            Relation::Faster {
                a: "spsc/u64/crossbeam/1",
                b: "spsc/u64/std/1",
                factor: 2.0,
            },
            Relation::Faster {
                a: "spsc/u64/crossbeam/4",
                b: "spsc/u64/std/4",
                factor: 2.0,
            },
            Relation::Faster {
                a: "pingpong/u64/crossbeam/1",
                b: "pingpong/u64/std/1",
                factor: 2.0,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "std-vs-crossbeam-rare-waits",
        page: IMPL,
        says: "等待罕见（SPSC bounded(1024)）时两者相差不到 2 倍",
        relations: &[Relation::Similar {
            a: "spsc/u64/std/1024",
            b: "spsc/u64/crossbeam/1024",
            factor: 2.0,
        }],
        needs_rerun: false,
    },
    Claim {
        id: "std-pingpong-pays-the-wakeup",
        page: IMPL,
        says: "std 的乒乓和阻塞下限差不多（不快出 1.25 倍）：每次往返都付一次挂起和唤醒",
        relations: &[Relation::NotFaster {
            a: "pingpong/u64/std/1",
            b: "pingpong/u64/park/1",
            factor: 1.25,
        }],
        needs_rerun: false,
    },
    Claim {
        id: "crossbeam-pingpong-avoids-the-wakeup",
        page: IMPL,
        says: "crossbeam 的乒乓比阻塞下限快：它常常不用真的休眠",
        relations: &[Relation::Faster {
            a: "pingpong/u64/crossbeam/1",
            b: "pingpong/u64/park/1",
            factor: 1.0,
        }],
        needs_rerun: false,
    },
    Claim {
        id: "rendezvous-costs",
        page: CAPACITY,
        says: "容量 0 每条消息一次会合，比 bounded(1024) 慢得多",
        relations: &[Relation::Faster {
            a: "spsc/u64/crossbeam/1024",
            b: "spsc/u64/crossbeam/0",
            factor: 10.0,
        }],
        needs_rerun: false,
    },
    Claim {
        id: "capacity-plateau",
        page: CAPACITY,
        says: "容量大到一定程度以后，再加容量吞吐量不会再涨",
        relations: &[Relation::NotFaster {
            a: "spsc/u64/crossbeam/unbounded",
            b: "spsc/u64/crossbeam/1024",
            factor: 1.25,
        }],
        needs_rerun: false,
    },
    Claim {
        id: "mutex-slower-than-channel",
        page: "src/ch08-performance/mutex.md",
        says: "Mutex<VecDeque> + Condvar 在每种拓扑上都比通道慢",
        relations: &[
            Relation::Faster {
                a: "spsc/u64/crossbeam/1024",
                b: "spsc/u64/mutex-vecdeque/1024",
                factor: 2.0,
            },
            Relation::Faster {
                a: "mpsc4/u64/crossbeam/1024",
                b: "mpsc4/u64/mutex-vecdeque/1024",
                factor: 2.0,
            },
            Relation::Faster {
                a: "mpmc2x2/u64/crossbeam/1024",
                b: "mpmc2x2/u64/mutex-vecdeque/1024",
                factor: 2.0,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "batching-pays",
        page: "src/ch08-performance/batching.md",
        says: "按批发送比逐条发送快，批越大越快，但每个数省下的时间越来越少",
        relations: &[
            Relation::Faster {
                a: "spsc/u64/crossbeam-vec16/unbounded",
                b: "spsc/u64/crossbeam/unbounded",
                factor: 1.5,
            },
            Relation::Faster {
                a: "spsc/u64/crossbeam-vec64/unbounded",
                b: "spsc/u64/crossbeam-vec16/unbounded",
                factor: 1.5,
            },
            Relation::SavesMore {
                a: "spsc/u64/crossbeam-vec16/unbounded",
                b: "spsc/u64/crossbeam/unbounded",
                c: "spsc/u64/crossbeam-vec1024/unbounded",
                d: "spsc/u64/crossbeam-vec256/unbounded",
                factor: 3.0,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "batcher-costs",
        page: "src/ch08-performance/batching.md",
        says: "同样的批大小，练习 19 的 Batcher 和手工批处理相差不到 2.5 倍，谁快随运行而变",
        relations: &[
            Relation::Similar {
                a: "spsc/u64/crossbeam-vec64/unbounded",
                b: "spsc/u64/batcher64/unbounded",
                factor: 2.5,
            },
            Relation::Similar {
                a: "spsc/u64/crossbeam-vec256/unbounded",
                b: "spsc/u64/batcher256/unbounded",
                factor: 2.5,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "ex20-hint-small-capacity",
        page: "exercises/exercise_20/README.md",
        says: "容量小、等待频繁时 crossbeam 比 std 快；容量大时两者相当",
        relations: &[
            Relation::Faster {
                a: "spsc/u64/crossbeam/4",
                b: "spsc/u64/std/4",
                factor: 2.0,
            },
            Relation::Similar {
                a: "spsc/u64/std/1024",
                b: "spsc/u64/crossbeam/1024",
                factor: 2.0,
            },
        ],
        needs_rerun: false,
    },
    Claim {
        id: "ch11-step2-contended-slower",
        page: "src/ch11-handmade/performance.md",
        says: "第 11 章第 2 步（一把锁、两个 Condvar）在 4 个生产者下比 crossbeam 慢得多",
        relations: &[Relation::Faster {
            a: "mpsc4/u64/crossbeam/1024",
            b: "mpsc4/u64/ch11-s2/1024",
            factor: 5.0,
        }],
        needs_rerun: false,
    },
    Claim {
        id: "ch11-step5-pays-for-the-fence",
        page: "src/ch11-handmade/performance.md",
        says: "容量 1024 时第 4 步比第 5 步快好几倍；容量为 1 时差距被等待冲淡",
        relations: &[
            Relation::Faster {
                a: "spsc/u64/ch11-s4/1024",
                b: "spsc/u64/ch11-s5/1024",
                factor: 3.0,
            },
            Relation::NotFaster {
                a: "spsc/u64/ch11-s4/1",
                b: "spsc/u64/ch11-s5/1",
                factor: 5.0,
            },
        ],
        needs_rerun: false,
    },
];

/// One row of `results.csv`: nanoseconds per iteration and its 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub ns: f64,
    pub low: f64,
    pub high: f64,
}

/// Reads `results.csv` into cells keyed like [`Cell`].
pub fn read_csv(text: &str) -> Result<BTreeMap<String, Row>, String> {
    let mut lines = text.lines();
    let header = lines.next().ok_or("results.csv is empty")?;
    if !header
        .starts_with("topology,message,implementation,capacity,ns_per_iteration,ns_low,ns_high")
    {
        return Err(format!("unexpected header in results.csv: {header}"));
    }
    let mut rows = BTreeMap::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        let number = |i: usize| -> Result<f64, String> {
            f.get(i)
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("bad number in column {} of: {line}", i + 1))
        };
        let key = format!(
            "{}/{}/{}/{}",
            f.first().ok_or("short line")?,
            f.get(1).ok_or("short line")?,
            f.get(2).ok_or("short line")?,
            f.get(3).ok_or("short line")?
        );
        rows.insert(
            key,
            Row {
                ns: number(4)?,
                low: number(5)?,
                high: number(6)?,
            },
        );
    }
    Ok(rows)
}

/// How a claim fared against a set of results.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Holds,
    /// Cells the results do not have.
    Missing(Vec<&'static str>),
    /// What the results show instead, one line per failed relation.
    Contradicted(Vec<String>),
}

fn fmt_row(cell: &str, r: &Row) -> String {
    format!("{cell} = {:.1} ns [{:.1}, {:.1}]", r.ns, r.low, r.high)
}

/// Checks one relation; `Err` says what the numbers show instead.
pub fn check_relation(rel: &Relation, rows: &BTreeMap<String, Row>) -> Result<(), String> {
    let shown = rel
        .cells()
        .iter()
        .map(|cell| fmt_row(cell, &rows[*cell]))
        .collect::<Vec<_>>()
        .join("；");
    let cells = rel.cells();
    let (a, b) = (cells[0], cells[1]);
    let (ra, rb) = (&rows[a], &rows[b]);
    match *rel {
        Relation::Faster { factor, .. } => {
            if ra.high * factor < rb.low {
                Ok(())
            } else {
                Err(format!(
                    "expected {a} faster than {b} by ≥ {factor}× with intervals apart \
                     (high(a)·{factor} < low(b)); measured {shown}"
                ))
            }
        }
        Relation::Similar { factor, .. } => {
            let ratio = ra.ns.max(rb.ns) / ra.ns.min(rb.ns);
            if ratio <= factor {
                Ok(())
            } else {
                Err(format!(
                    "expected {a} and {b} within {factor}× of each other; measured a ratio \
                     of {ratio:.2}: {shown}"
                ))
            }
        }
        Relation::NotFaster { factor, .. } => {
            if ra.ns * factor >= rb.ns {
                Ok(())
            } else {
                Err(format!(
                    "expected {a} not more than {factor}× faster than {b}; measured {shown}"
                ))
            }
        }
        Relation::SavesMore { c, d, factor, .. } => {
            let (rc, rd) = (&rows[c], &rows[d]);
            let first = rb.low - ra.high;
            let second = rd.high - rc.low;
            if first >= factor * second {
                Ok(())
            } else {
                Err(format!(
                    "expected {b} → {a} to save ≥ {factor}× the nanoseconds of {d} → {c} \
                     (low(b) − high(a) ≥ {factor}·(high(d) − low(c))); saved {first:.1} vs \
                     {second:.1}: {shown}"
                ))
            }
        }
    }
}

/// Checks `claim` against `rows`.
pub fn check(claim: &Claim, rows: &BTreeMap<String, Row>) -> Verdict {
    let mut missing: Vec<&'static str> = Vec::new();
    for rel in claim.relations {
        for cell in rel.cells() {
            if !rows.contains_key(cell) && !missing.contains(&cell) {
                missing.push(cell);
            }
        }
    }
    if !missing.is_empty() {
        return Verdict::Missing(missing);
    }
    let failures: Vec<String> = claim
        .relations
        .iter()
        .filter_map(|rel| check_relation(rel, rows).err())
        .collect();
    if failures.is_empty() {
        Verdict::Holds
    } else {
        Verdict::Contradicted(failures)
    }
}

/// Checks every claim. `strict`: a missing cell is an error even for `needs_rerun` claims (a
/// fresh full run has every cell). Returns the report to print and whether all held.
pub fn check_all(rows: &BTreeMap<String, Row>, strict: bool) -> (String, bool) {
    let mut out = String::new();
    let mut ok = true;
    let mut held = 0;
    for claim in CLAIMS {
        match check(claim, rows) {
            Verdict::Holds => held += 1,
            Verdict::Missing(cells) if claim.needs_rerun && !strict => {
                out.push_str(&format!(
                    "claim {} skipped until the next full run (no result yet for {})\n",
                    claim.id,
                    cells.join(", ")
                ));
            }
            Verdict::Missing(cells) => {
                ok = false;
                out.push_str(&format!(
                    "claim {} ({}): no result for {}\n",
                    claim.id,
                    claim.page,
                    cells.join(", ")
                ));
            }
            Verdict::Contradicted(why) => {
                ok = false;
                out.push_str(&format!(
                    "CONTRADICTED: the sentence marked <!-- claim: {} --> in {} (“{}”) does \
                     not hold for these results:\n",
                    claim.id, claim.page, claim.says
                ));
                for line in why {
                    out.push_str(&format!("    {line}\n"));
                }
                out.push_str(
                    "    → rewrite that sentence to say what the results show, then adjust \
                     the claim in benches/src/claims.rs\n",
                );
            }
        }
    }
    out.push_str(&format!("claims: {held} of {} hold\n", CLAIMS.len()));
    (out, ok)
}

/// Every cell some claim compares that `rows` lacks.
pub fn missing_cells(rows: &BTreeMap<String, Row>) -> Vec<&'static str> {
    let mut missing = Vec::new();
    for claim in CLAIMS {
        if let Verdict::Missing(cells) = check(claim, rows) {
            missing.extend(cells);
        }
    }
    missing.sort_unstable();
    missing.dedup();
    missing
}

/// The claim ids marked in a page's text (`<!-- claim: ID -->`).
pub fn markers(text: &str) -> Vec<&str> {
    text.match_indices("<!-- claim: ")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            rest.find(" -->").map(|end| rest[..end].trim())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(pairs: &[(&str, f64, f64, f64)]) -> BTreeMap<String, Row> {
        pairs
            .iter()
            .map(|&(k, ns, low, high)| (k.to_owned(), Row { ns, low, high }))
            .collect()
    }

    #[test]
    fn faster_needs_intervals_apart() {
        let rel = Relation::Faster {
            a: "x",
            b: "y",
            factor: 2.0,
        };
        let apart = rows(&[("x", 10.0, 9.0, 11.0), ("y", 30.0, 25.0, 35.0)]);
        assert!(check_relation(&rel, &apart).is_ok());
        // 3× faster by the estimates, but the intervals, scaled by 2, overlap.
        let close = rows(&[("x", 10.0, 5.0, 15.0), ("y", 30.0, 25.0, 35.0)]);
        let err = check_relation(&rel, &close).unwrap_err();
        assert!(err.contains("x = 10.0 ns [5.0, 15.0]"), "{err}");
    }

    #[test]
    fn similar_and_not_faster() {
        let r = rows(&[("x", 10.0, 9.0, 11.0), ("y", 14.0, 13.0, 15.0)]);
        let similar = |factor| Relation::Similar {
            a: "x",
            b: "y",
            factor,
        };
        assert!(check_relation(&similar(1.5), &r).is_ok());
        assert!(check_relation(&similar(1.2), &r).is_err());
        let not_faster = |factor| Relation::NotFaster {
            a: "x",
            b: "y",
            factor,
        };
        assert!(check_relation(&not_faster(1.5), &r).is_ok());
        assert!(check_relation(&not_faster(1.2), &r).is_err());
    }

    #[test]
    fn saves_more_compares_the_nanoseconds_saved() {
        let rel = |factor| Relation::SavesMore {
            a: "batch16",
            b: "single",
            c: "batch1024",
            d: "batch256",
            factor,
        };
        // single → batch16 saves at least 20 − 11 = 9 ns; batch256 → batch1024 at most
        // 3.5 − 2.5 = 1 ns.
        let r = rows(&[
            ("single", 21.0, 20.0, 22.0),
            ("batch16", 10.0, 9.0, 11.0),
            ("batch256", 3.0, 2.5, 3.5),
            ("batch1024", 3.0, 2.5, 3.5),
        ]);
        assert!(check_relation(&rel(8.0), &r).is_ok());
        let err = check_relation(&rel(10.0), &r).unwrap_err();
        assert!(err.contains("saved 9.0 vs 1.0"), "{err}");
        assert!(err.contains("batch1024 = 3.0 ns [2.5, 3.5]"), "{err}");
    }

    #[test]
    fn reads_the_csv_and_finds_markers() {
        let csv = "topology,message,implementation,capacity,ns_per_iteration,ns_low,ns_high,million_per_second,estimator\n\
                   spsc,u64,std,1,5.000,4.000,6.000,200.0,slope\n";
        let r = read_csv(csv).unwrap();
        assert_eq!(
            r["spsc/u64/std/1"],
            Row {
                ns: 5.0,
                low: 4.0,
                high: 6.0
            }
        );
        assert_eq!(
            markers("a <!-- claim: one --> b <!-- claim: two -->"),
            ["one", "two"]
        );
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = CLAIMS.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CLAIMS.len());
    }
}
