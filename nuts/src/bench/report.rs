//! A [`Report`] as BENCHMARKS.md ([`Report::markdown`]) and as JSON ([`Report::json`]): the
//! floors, ratios and tables. Nothing here runs a chain.

use std::fmt::Write as _;

use traits::ManagerVersion;

use super::{Mode, NodeComparison, Report, Row, StoryCosts, VERSIONS};
use client::Cost;

/// The heading of BENCHMARKS.md's hand-written section, which `nuts bench --out` keeps.
pub const HISTORY: &str = "## History (kept across runs)";
/// The most code pallet-contracts accepts in the ink! sandbox (123 KiB), and a comfortable
/// target (64 KiB).
const CODE_LIMITS: (usize, usize) = (64 * 1024, 123 * 1024);

impl NodeComparison {
    fn markdown(&self, out: &mut String) {
        let _ = writeln!(out, "\n## On a live node\n\nThe first call of each kind in every demo story, run on the in-process chain and on {} (a dev node started by `nuts bench --node`; each call's cost is its dry run's, which sets the extrinsic's limits), each to its floor measured on the same chain. Floors: `transfer` {} / {} in process, {} / {} on the node; `transfer_from` {} / {} in process, {} / {} on the node (ref_time / proof_size).\n\n| instrument | version | operation | token moves | ref_time in process | x floor | ref_time on node | x floor | proof_size in process | x floor | proof_size on node | x floor |\n| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            self.node,
            self.in_process.transfer.ref_time, self.in_process.transfer.proof_size,
            self.on_node.transfer.ref_time, self.on_node.transfer.proof_size,
            self.in_process.transfer_from.ref_time, self.in_process.transfer_from.proof_size,
            self.on_node.transfer_from.ref_time, self.on_node.transfer_from.proof_size);
        for (here, there) in self.in_process.rows.iter().zip(&self.on_node.rows) {
            let (floor_here, floor_there) = (
                floor(
                    here,
                    self.in_process.transfer,
                    self.in_process.transfer_from,
                ),
                floor(there, self.on_node.transfer, self.on_node.transfer_from),
            );
            let _ = writeln!(
                out,
                "| {} | {:?} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                here.instrument,
                here.version,
                here.operation,
                here.token_moves,
                here.cost.ref_time,
                ratio(here.cost.ref_time, floor_here.ref_time),
                there.cost.ref_time,
                ratio(there.cost.ref_time, floor_there.ref_time),
                here.cost.proof_size,
                ratio(here.cost.proof_size, floor_here.proof_size),
                there.cost.proof_size,
                ratio(there.cost.proof_size, floor_there.proof_size),
            );
        }
    }
}

/// The ref_time every `Contracts::call` extrinsic adds outside its dry run on
/// substrate-contracts-node 0.42: `call()` (168_582_000 + 6 reads and 2 writes of RocksDbWeight,
/// 25 and 100 microseconds) and frame's `ExtrinsicBaseWeight` (107_074 ns).
const EXTRINSIC_REF_TIME: u64 = 168_582_000 + 6 * 25_000_000 + 2 * 100_000_000 + 107_074_000;
/// The ref_time normal extrinsics may fill in a block of substrate-contracts-node 0.42: 75% of
/// 2 seconds. Its proof_size is unbounded (`u64::MAX`).
const NODE_BLOCK_REF_TIME: u64 = 1_500_000_000_000;
/// The proof a block may carry on a parachain (the relay chain's PoV limit, 5 MiB).
const POV_LIMIT: u64 = 5 * 1024 * 1024;

impl NodeComparison {
    /// BENCHMARKS.md's "where the proof goes" tables and the loans per block.
    fn proof_markdown(&self, sizes: &[(&'static str, usize)], out: &mut String) {
        use super::proof::{Parts, CALL, EVENT, EXTRINSIC, FULL_TRIE, INSTANTIATION};
        let find = |call: &str| self.proof.iter().find(|t| t.call == call);
        let mut columns: Vec<(String, Parts, u64)> = Vec::new();
        for call in [
            "PSP22::transfer",
            "PSP22::transfer_from",
            "InstrumentEscrow::deposit (token)",
        ] {
            if let Some(t) = find(call) {
                columns.push((call.to_string(), t.parts, 1));
            }
        }
        let mut loans = Vec::new();
        for version in VERSIONS {
            let steps = ["create_issuance", "engage_issuance", "repay"]
                .map(|step| find(&format!("{version:?} {step}")));
            if let [Some(create), Some(engage), Some(repay)] = steps {
                let parts = create.parts.plus(engage.parts).plus(repay.parts);
                let ref_time = create.cost.ref_time + engage.cost.ref_time + repay.cost.ref_time;
                columns.push((format!("{version:?} loan"), parts, 3));
                loans.push((version, parts, ref_time));
            }
        }
        if columns.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n## Where the proof goes on the node\n\nEach call really sent on {} (started with `-lruntime::contracts::strace=trace`, which writes every host function a call runs into its dry run's debug buffer; weights are the same with and without it), its trace counted, and each count priced with the node runtime's own pallet-contracts 38 weights (`nuts/src/bench/proof.rs` cites each). A loan is `create_issuance`, `engage_issuance` and `repay`. Bytes of proof, and the share of the measured total.\n", self.node);
        let mut header = "| part | priced at |".to_string();
        let mut rule = "| --- | --- |".to_string();
        for (name, _, _) in &columns {
            let _ = write!(header, " {name} |");
            rule.push_str(" ---: |");
        }
        let _ = writeln!(out, "{header}\n{rule}");
        let share = |bytes: u64, parts: &Parts| {
            format!(
                "{bytes} ({:.0}%)",
                100.0 * bytes as f64 / parts.measured.max(1) as f64
            )
        };
        type Part = fn(&Parts) -> (u64, String);
        let rows: [(&str, String, Part); 6] = [
            (
                "code loaded, and the bytes reads returned (the rest)",
                "1 per byte of Wasm".into(),
                |p| (p.code_and_values_read(), format!("{} loads", p.code_loads)),
            ),
            (
                "storage accesses: the full-trie surcharge",
                format!("{FULL_TRIE} each"),
                |p| {
                    (
                        p.full_trie(),
                        format!(
                            "{} accesses, {} of them to a root struct",
                            p.reads + p.writes + p.removals,
                            p.root_accesses
                        ),
                    )
                },
            ),
            (
                "storage accesses: their own part and the old values",
                "248-249 each + old bytes".into(),
                |p| {
                    (
                        p.storage_own(),
                        format!(
                            "{} reads, {} writes, {} removals",
                            p.reads, p.writes, p.removals
                        ),
                    )
                },
            ),
            (
                "nested calls and instantiations",
                format!("{CALL} / {INSTANTIATION} each"),
                |p| {
                    (
                        p.calling(),
                        format!("{} calls, {} instantiations", p.calls, p.instantiations),
                    )
                },
            ),
            (
                "events",
                format!("{} each + {} per topic", EVENT.0, EVENT.1),
                |p| {
                    (
                        p.eventing(),
                        format!("{} events, {} topics", p.events, p.topics),
                    )
                },
            ),
            (
                "is_contract, code_hash, terminate",
                "3819 / 3912 / 3784".into(),
                |p| (p.other, String::new()),
            ),
        ];
        for (name, price, part) in rows {
            let mut line = format!("| {name} | {price} |");
            for (_, parts, _) in &columns {
                let (bytes, count) = part(parts);
                let count = if count.is_empty() {
                    String::new()
                } else {
                    format!(": {count}")
                };
                let _ = write!(line, " {}{count} |", share(bytes, parts));
            }
            let _ = writeln!(out, "{line}");
        }
        let mut measured = "| **measured** (dry runs' proof_size) | |".to_string();
        let mut extrinsic =
            format!("| the extrinsics' base, outside the dry run (`call()`) | {EXTRINSIC} each |");
        let mut block = "| **in the block** | |".to_string();
        for (_, parts, extrinsics) in &columns {
            let _ = write!(measured, " **{}** |", parts.measured);
            let _ = write!(extrinsic, " {} |", extrinsics * EXTRINSIC);
            let _ = write!(block, " **{}** |", parts.measured + extrinsics * EXTRINSIC);
        }
        let _ = writeln!(out, "{measured}\n{extrinsic}\n{block}");
        let size = |name: &str| {
            sizes
                .iter()
                .find(|(contract, _)| *contract == name)
                .map_or(0, |(_, bytes)| *bytes as u64)
        };
        let (token, escrow) = (size("test_token"), size("instrument_escrow"));
        let mut checks = String::new();
        for (call, code) in [
            ("PSP22::transfer", token),
            ("PSP22::transfer_from", token),
            ("InstrumentEscrow::deposit (token)", escrow + 3 * token),
        ] {
            if let Some(t) = find(call) {
                let rest = t.parts.code_and_values_read();
                let _ = write!(
                    checks,
                    " `{call}`: {rest} = {code} bytes of code + {} bytes read;",
                    rest as i64 - code as i64
                );
            }
        }
        let _ = writeln!(out, "\nThe check: where the contracts a call loads are known, the first row is their Wasm and the few bytes the reads returned (the trace does not show those):{checks} the unit test `a_transfer_is_priced_to_the_byte` holds the bare transfer's 48 bytes (a 32-byte root struct and a 16-byte balance) to the byte. The storage deposit's accounting charges no proof inside the dry run (it is part of the extrinsic's `call()` base).\n\n| calls of each traced operation | measured proof_size | ref_time | code loads | nested calls | instantiations | reads | writes | removals | of them, root struct | events | topics |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for t in &self.proof {
            let p = &t.parts;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                t.call,
                t.cost.proof_size,
                t.cost.ref_time,
                p.code_loads,
                p.calls,
                p.instantiations,
                p.reads,
                p.writes,
                p.removals,
                p.root_accesses,
                p.events,
                p.topics
            );
        }
        let _ = writeln!(out, "\n### Loans per block\n\nsubstrate-contracts-node 0.42 bounds a block's ref_time (75% of 2 s for normal extrinsics) and not its proof_size (`u64::MAX`); a parachain's block is bounded by its proof (the relay chain's 5 MiB PoV). Each loan is three extrinsics, each with its base ({EXTRINSIC} bytes, {EXTRINSIC_REF_TIME} ps).\n\n| version | a loan's proof | loans per 5 MiB of proof | a loan's ref_time | loans per block on the node (ref_time) |\n| --- | ---: | ---: | ---: | ---: |");
        for (version, parts, ref_time) in loans {
            let proof = parts.measured + 3 * EXTRINSIC;
            let ref_time = ref_time + 3 * EXTRINSIC_REF_TIME;
            let _ = writeln!(
                out,
                "| {version:?} | {proof} | {:.2} | {ref_time} | {} |",
                POV_LIMIT as f64 / proof as f64,
                NODE_BLOCK_REF_TIME / ref_time
            );
        }
    }
}

/// The floor of `row`: a `transfer_from` for a user's own deposit, a `transfer` for every other
/// token move.
fn floor(row: &Row, transfer: Cost, transfer_from: Cost) -> Cost {
    let unit = if row.operation.starts_with("InstrumentEscrow::deposit") {
        transfer_from
    } else {
        transfer
    };
    let moves = u64::from(row.token_moves);
    Cost {
        ref_time: unit.ref_time * moves,
        proof_size: unit.proof_size * moves,
        storage_deposit: unit.storage_deposit * i128::from(row.token_moves),
    }
}

fn cost_json(c: &Cost) -> serde_json::Value {
    serde_json::json!({"ref_time": c.ref_time, "proof_size": c.proof_size, "storage_deposit": c.storage_deposit.to_string()})
}

fn ratio(value: u64, floor: u64) -> String {
    if floor == 0 {
        "-".into()
    } else {
        format!("{:.2}", value as f64 / floor as f64)
    }
}

impl Report {
    /// The floor of an operation making `moves` token moves: a `transfer_from` for a user's own
    /// deposit, a `transfer` for every other move.
    pub fn floor(&self, row: &Row) -> Cost {
        floor(row, self.transfer, self.transfer_from)
    }

    fn find(&self, version: ManagerVersion, operation: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.instrument == "lending" && r.version == version && r.operation == operation)
    }

    /// A whole loan (create + engage + repay) on `version`: its cost and its floor.
    pub fn loan(&self, version: ManagerVersion) -> Option<(Cost, Cost)> {
        let steps = [
            "InstrumentManager::create_issuance",
            "InstrumentManager::engage_issuance",
            "InstrumentManager::process_custom_event(repay)",
        ];
        let mut total = (Cost::default(), Cost::default());
        for step in steps {
            let row = self.find(version, step)?;
            let floor = self.floor(row);
            total.0.ref_time += row.cost.ref_time;
            total.0.proof_size += row.cost.proof_size;
            total.1.ref_time += floor.ref_time;
            total.1.proof_size += floor.proof_size;
        }
        Some(total)
    }

    /// The section on one loan's storage deposits: what each of its calls charged (+) or refunded
    /// (-) its caller, and what each party is left with once the loan is closed.
    fn deposit_flow(&self) -> String {
        const FLOW: [(&str, &str); 5] = [
            ("InstrumentManager::create_issuance", "maker"),
            ("InstrumentManager::engage_issuance", "taker"),
            ("InstrumentManager::process_custom_event(repay)", "taker"),
            ("InstrumentManager::close_issuance", "maker"),
            ("InstrumentManager::close_engagement", "taker"),
        ];
        let mut out = String::from(
            "\n## Storage deposits of one loan\n\npallet-contracts charges the storage a call adds to the call's origin and refunds freed storage to the origin of the call that frees it (pro rata, rounded down). So each party pays for what its own calls store and gets it back from its own closes: the maker's `close_issuance` terminates the issuance escrow and data contract and removes the issuance's records; the taker's `close_engagement` removes its engagement record (docs/SPEC.md §5). Net is what the party is left without once the loan is closed (pallet-contracts' rounding, and token balances the tokens keep); a negative net for the maker is what the taker's calls added to the issuance's data (the v1 loan blob grows at engage) and the rounding dust they left in the issuance escrow and data contract, which the maker's close frees and gets back.\n\n| call | paid by | v1 | v2 | v3 |\n| --- | --- | ---: | ---: | ---: |\n",
        );
        let mut net = [[0i128; 3]; 2];
        for (operation, payer) in FLOW {
            let party = usize::from(payer == "taker");
            let cells: Vec<String> = VERSIONS
                .iter()
                .enumerate()
                .map(|(v, version)| match self.find(*version, operation) {
                    Some(row) => {
                        net[party][v] += row.cost.storage_deposit;
                        row.cost.storage_deposit.to_string()
                    }
                    None => "-".into(),
                })
                .collect();
            let _ = writeln!(out, "| {operation} | {payer} | {} |", cells.join(" | "));
        }
        for (party, name) in ["maker", "taker"].iter().enumerate() {
            let cells: Vec<String> = net[party].iter().map(i128::to_string).collect();
            let _ = writeln!(out, "| net | {name} | {} |", cells.join(" | "));
        }
        out
    }

    /// BENCHMARKS.md.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let mode = match self.mode {
            Mode::Short => "short (`nuts bench`)",
            Mode::Full => "full (`nuts bench --full`)",
        };
        let _ = writeln!(out, "# Benchmarks\n\nGenerated by a {mode} run on the in-process chain (ink! sandbox runtime, dry runs). \
            Weights: `ref_time` (picoseconds) and `proof_size` (bytes); storage deposit in the sandbox's units (1 per byte and per item: compare, do not price). \
            {}\n", match &self.node {
                Some(node) => format!("The last section compares the demo stories in process and on {}.", node.node),
                None => "No live node was measured in this run (`nuts bench --node` adds one).".to_string(),
            });
        let _ = writeln!(out, "## Contract sizes\n\n| contract | release Wasm (bytes) | of 64 KiB | of 123 KiB (sandbox limit) |\n| --- | ---: | ---: | ---: |");
        for (name, size) in &self.sizes {
            let _ = writeln!(
                out,
                "| {name} | {size} | {:.0}% | {:.0}% |",
                100.0 * *size as f64 / CODE_LIMITS.0 as f64,
                100.0 * *size as f64 / CODE_LIMITS.1 as f64
            );
        }
        let _ = writeln!(out, "\n## Floors\n\nThe bare PSP22 moves every operation is compared with, measured in the same run on the same chain:\n\n| move | ref_time | proof_size |\n| --- | ---: | ---: |");
        for (name, cost) in [
            ("PSP22::transfer (10000)", self.transfer),
            ("PSP22::transfer_from (10000)", self.transfer_from),
        ] {
            let _ = writeln!(out, "| {name} | {} | {} |", cost.ref_time, cost.proof_size);
        }
        let _ = writeln!(
            out,
            "\n## Targets\n\n| | v1 | v2 | v3 | target |\n| --- | ---: | ---: | ---: | --- |"
        );
        let deposit: Vec<(String, String)> = VERSIONS
            .iter()
            .map(
                |v| match self.find(*v, "InstrumentEscrow::deposit (token)") {
                    Some(row) => {
                        let floor = self.floor(row);
                        (
                            ratio(row.cost.ref_time, floor.ref_time),
                            ratio(row.cost.proof_size, floor.proof_size),
                        )
                    }
                    None => ("-".into(), "-".into()),
                },
            )
            .collect();
        let loans: Vec<(String, String)> = VERSIONS
            .iter()
            .map(|v| match self.loan(*v) {
                Some((cost, floor)) => (
                    ratio(cost.ref_time, floor.ref_time),
                    ratio(cost.proof_size, floor.proof_size),
                ),
                None => ("-".into(), "-".into()),
            })
            .collect();
        let line = |label: &str, values: Vec<String>, target: &str| {
            format!("| {label} | {} | {target} |\n", values.join(" | "))
        };
        out.push_str(&line(
            "token deposit / transfer_from, ref_time",
            deposit.iter().map(|d| d.0.clone()).collect(),
            "<= 1.5",
        ));
        out.push_str(&line(
            "token deposit / transfer_from, proof_size",
            deposit.iter().map(|d| d.1.clone()).collect(),
            "<= 1.5",
        ));
        out.push_str(&line(
            "loan (create + engage + repay) / its 4 moves, ref_time",
            loans.iter().map(|d| d.0.clone()).collect(),
            "<= 6",
        ));
        out.push_str(&line(
            "loan (create + engage + repay) / its 4 moves, proof_size",
            loans.iter().map(|d| d.1.clone()).collect(),
            "<= 3",
        ));
        let _ = writeln!(out, "\n## Every operation\n\nRatios are to the operation's floor: its token moves (between the escrows, or a user's own deposit or withdrawal) as bare PSP22 moves; `-` where it moves no token (bookkeeping inside one escrow, native currency).\n\n| instrument | version | operation | ref_time | proof_size | storage deposit | token moves | x floor ref_time | x floor proof_size |\n| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for row in &self.rows {
            let floor = self.floor(row);
            let _ = writeln!(
                out,
                "| {} | {:?} | {} | {} | {} | {} | {} | {} | {} |",
                row.instrument,
                row.version,
                row.operation,
                row.cost.ref_time,
                row.cost.proof_size,
                row.cost.storage_deposit,
                row.token_moves,
                ratio(row.cost.ref_time, floor.ref_time),
                ratio(row.cost.proof_size, floor.proof_size)
            );
        }
        out.push_str(&self.deposit_flow());
        let _ = writeln!(out, "\n## Growth\n\nThe same operation as a domain grows; ratios are to the first.\n\n| operation | n | ref_time | proof_size | x first ref_time | x first proof_size |\n| --- | ---: | ---: | ---: | ---: | ---: |");
        for growth in &self.growth {
            let Some((_, first)) = growth.points.first() else {
                continue;
            };
            for (n, cost) in &growth.points {
                let _ = writeln!(
                    out,
                    "| {} | {n} | {} | {} | {} | {} |",
                    growth.label,
                    cost.ref_time,
                    cost.proof_size,
                    ratio(cost.ref_time, first.ref_time),
                    ratio(cost.proof_size, first.proof_size)
                );
            }
        }
        let _ = writeln!(out, "\n## Calling a contract\n\nA one-value read of each contract the operations above call: what a call costs before it does anything (mostly loading the contract's code into the proof). An operation pays this for every contract call it makes, nested ones included.\n\n| contract: read | ref_time | proof_size | x transfer ref_time | x transfer proof_size |\n| --- | ---: | ---: | ---: | ---: |");
        for (label, cost) in &self.code_loads {
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} | {} |",
                cost.ref_time,
                cost.proof_size,
                ratio(cost.ref_time, self.transfer.ref_time),
                ratio(cost.proof_size, self.transfer.proof_size)
            );
        }
        if let Some(node) = &self.node {
            node.markdown(&mut out);
            node.proof_markdown(&self.sizes, &mut out);
        }
        out
    }

    /// [`Report::json`], pretty-printed, with a final newline.
    pub fn json_text(&self) -> String {
        serde_json::to_string_pretty(&self.json()).unwrap_or_default() + "\n"
    }

    /// The same data as JSON (BENCHMARKS.json).
    pub fn json(&self) -> serde_json::Value {
        let row_json = |row: &Row| {
            serde_json::json!({
                "instrument": row.instrument,
                "version": format!("{:?}", row.version),
                "operation": row.operation,
                "cost": cost_json(&row.cost),
                "token_moves": row.token_moves,
            })
        };
        serde_json::json!({
            "mode": format!("{:?}", self.mode),
            "sizes": self.sizes.iter().map(|(name, size)| serde_json::json!({"contract": name, "wasm_bytes": size})).collect::<Vec<_>>(),
            "floors": {"transfer": cost_json(&self.transfer), "transfer_from": cost_json(&self.transfer_from)},
            "operations": self.rows.iter().map(|row| {
                let mut json = row_json(row);
                json["floor"] = cost_json(&self.floor(row));
                json
            }).collect::<Vec<_>>(),
            "growth": self.growth.iter().map(|g| serde_json::json!({
                "label": g.label,
                "points": g.points.iter().map(|(n, c)| serde_json::json!({"n": n, "cost": cost_json(c)})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "code_loads": self.code_loads.iter().map(|(label, c)| serde_json::json!({"read": label, "cost": cost_json(c)})).collect::<Vec<_>>(),
            "node": self.node.as_ref().map(|node| {
                let stories = |costs: &StoryCosts| serde_json::json!({
                    "floors": {"transfer": cost_json(&costs.transfer), "transfer_from": cost_json(&costs.transfer_from)},
                    "operations": costs.rows.iter().map(row_json).collect::<Vec<_>>(),
                });
                let traced = node.proof.iter().map(|t| serde_json::json!({
                    "call": t.call,
                    "cost": cost_json(&t.cost),
                    "code_loads": t.parts.code_loads,
                    "calls": t.parts.calls,
                    "instantiations": t.parts.instantiations,
                    "reads": t.parts.reads,
                    "writes": t.parts.writes,
                    "removals": t.parts.removals,
                    "old_bytes": t.parts.old_bytes,
                    "events": t.parts.events,
                    "topics": t.parts.topics,
                    "root_accesses": t.parts.root_accesses,
                })).collect::<Vec<_>>();
                serde_json::json!({"node": node.node, "in_process": stories(&node.in_process), "on_node": stories(&node.on_node), "proof_breakdown": traced})
            }),
        })
    }
}
