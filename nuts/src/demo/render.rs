//! How the demo story is written out: as text for people ([`Text`]) or as one JSON object per
//! line for programs ([`Json`]). The story ([`super`]) decides what is said; this decides how.

use std::io::Write;

use traits::Balance;

use super::StepRecord;

/// One thing the story says.
pub enum Line<'a> {
    /// A sentence between steps.
    Note(&'a str),
    /// A call that succeeded: what it returned, the events in words and the escrow balances
    /// after it (party, asset, amount).
    Step {
        index: usize,
        step: &'a StepRecord,
        result: &'a str,
        events: &'a [String],
        balances: &'a [(String, String, Balance)],
    },
    /// The end: every step's cost, and the NUTS burned.
    Summary {
        steps: &'a [StepRecord],
        burned: Balance,
    },
}

/// Writes what the story says.
pub trait Narrator {
    /// Writes `line` (a story is never stopped by its output failing: errors are dropped).
    fn write(&mut self, line: Line<'_>);
}

/// The narrator `nuts demo` (text) or `nuts demo --json` writes with.
pub fn narrator<'a>(json: bool, out: &'a mut dyn Write) -> Box<dyn Narrator + 'a> {
    if json {
        Box::new(Json(out))
    } else {
        Box::new(Text(out))
    }
}

/// Text for people.
pub struct Text<'a>(pub &'a mut dyn Write);

impl Narrator for Text<'_> {
    fn write(&mut self, line: Line<'_>) {
        let out = &mut self.0;
        match line {
            Line::Note(text) => {
                let _ = writeln!(out, "\n{text}");
            }
            Line::Step {
                index,
                step,
                result,
                events,
                balances,
            } => {
                let _ = writeln!(out, "\n[{index}] {}", step.title);
                let _ = writeln!(out, "    call     {} -> Ok({result})", step.call);
                for event in events {
                    let _ = writeln!(out, "    event    {event}");
                }
                if !balances.is_empty() {
                    let shown: Vec<String> = balances
                        .iter()
                        .map(|(party, asset, amount)| format!("{party} {amount} {asset}"))
                        .collect();
                    let _ = writeln!(out, "    escrow   {}", shown.join(" | "));
                }
                let cost = step.cost;
                let _ = writeln!(
                    out,
                    "    weight   ref_time {} | proof_size {} | storage deposit {}",
                    cost.ref_time, cost.proof_size, cost.storage_deposit
                );
            }
            Line::Summary { steps, burned } => {
                let _ = writeln!(
                    out,
                    "\nSummary ({} calls, {burned} NUTS burned)",
                    steps.len()
                );
                let _ = writeln!(
                    out,
                    "  {:<4} {:<48} {:>14} {:>11} {:>9}",
                    "#", "call", "ref_time", "proof_size", "deposit"
                );
                for (index, step) in steps.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "  {:<4} {:<48} {:>14} {:>11} {:>9}",
                        index + 1,
                        step.call,
                        step.cost.ref_time,
                        step.cost.proof_size,
                        step.cost.storage_deposit
                    );
                }
            }
        }
    }
}

/// One JSON object per line, for programs.
pub struct Json<'a>(pub &'a mut dyn Write);

impl Narrator for Json<'_> {
    fn write(&mut self, line: Line<'_>) {
        let value = match line {
            Line::Note(text) => serde_json::json!({ "note": text }),
            Line::Step {
                index,
                step,
                result,
                events,
                balances,
            } => serde_json::json!({
                "step": index,
                "title": step.title,
                "call": step.call,
                "result": result,
                "ref_time": step.cost.ref_time,
                "proof_size": step.cost.proof_size,
                "storage_deposit": step.cost.storage_deposit,
                "events": events,
                "balances": balances
                    .iter()
                    .map(|(party, asset, amount)| {
                        serde_json::json!({ "party": party, "asset": asset, "amount": amount })
                    })
                    .collect::<Vec<_>>(),
            }),
            Line::Summary { steps, burned } => {
                serde_json::json!({ "summary": { "steps": steps.len(), "nuts_burned": burned } })
            }
        };
        let _ = writeln!(self.0, "{value}");
    }
}
