//! Where a call's proof goes on substrate-contracts-node 0.42: its dry run's host-function trace
//! ([`client::node::NodeBackend::last_trace`]) counted, and each count priced in proof bytes with
//! the node runtime's own weights. Plain Rust: parsing and pricing run without a node.
//!
//! The prices are pallet-contracts 38.0.0's (the node runtime's `WeightInfo` is its
//! `SubstrateWeight`, `src/weights.rs`; what each host function charges is `RuntimeCosts::weight`
//! in `src/wasm/runtime.rs`):
//! - loading a contract's code: `call_with_code_per_byte(c) - call_with_code_per_byte(0)`, 1 byte
//!   of proof per byte of Wasm, for the called contract and for every nested call and
//!   instantiation;
//! - a nested call: `seal_call(0, 0)`, 4085; an instantiation: `seal_instantiate`, 4132;
//! - a storage read (`get_storage`, `contains_storage`): `seal_get_storage(n)`, 248 + the value's
//!   bytes, plus `get_storage_full - get_storage_empty`, 26628 - 16618 = 10010, which the pallet
//!   adds to every storage access as the worst case of a full trie;
//! - a storage write (`set_storage`): 249 + the old value's bytes + 10010; a removal
//!   (`clear_storage`, `take_storage`): 248 + the old value's bytes + 10010;
//! - an event: `seal_deposit_event(t, n)`, 990 + 2475 per topic;
//! - `is_contract` 3819, `code_hash` 3912, `terminate` 3784;
//! - outside the dry run, every `Contracts::call` extrinsic adds `call()`: 4291.
//!
//! Every other host function (input, caller, value_transferred, now, address, balance, hashing,
//! seal_return, transfer) charges no proof. A nested call that transfers value adds
//! `seal_call(1, 0) - seal_call(0, 0)`, 2182, which the trace does not show (it stays in the
//! rest); the traced calls move tokens only.

/// The extra proof pallet-contracts 38 charges every storage access (read, write, removal): the
/// worst case of a full trie (`get_storage_full - get_storage_empty`).
pub const FULL_TRIE: u64 = 26_628 - 16_618;
/// A storage read's own part, before [`FULL_TRIE`] and the value's bytes.
pub const READ: u64 = 248;
/// A storage write's own part, before [`FULL_TRIE`] and the old value's bytes.
pub const WRITE: u64 = 249;
/// A storage removal's own part, before [`FULL_TRIE`] and the old value's bytes.
pub const REMOVAL: u64 = 248;
/// A nested contract call's fixed part (`seal_call(0, 0)`).
pub const CALL: u64 = 4085;
/// An instantiation's fixed part (`seal_instantiate`).
pub const INSTANTIATION: u64 = 4132;
/// An event's fixed part, and each of its topics.
pub const EVENT: (u64, u64) = (990, 2475);
/// What every `Contracts::call` extrinsic adds outside its dry run (`call()`).
pub const EXTRINSIC: u64 = 4291;
/// `set_storage`'s and `clear_storage`'s answer when there was no old value.
const NO_VALUE: u64 = u32::MAX as u64;

/// What one call did, counted from its trace, and its measured proof_size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    /// The dry run's proof_size (gas consumed).
    pub measured: u64,
    /// Contracts whose code was loaded: the called one, every nested call and instantiation.
    pub code_loads: u64,
    /// Nested calls.
    pub calls: u64,
    /// Instantiations.
    pub instantiations: u64,
    /// Storage reads (`get_storage`, `contains_storage`).
    pub reads: u64,
    /// Storage writes (`set_storage`).
    pub writes: u64,
    /// Storage removals (`clear_storage`, `take_storage`).
    pub removals: u64,
    /// Bytes of the old values the writes and removals replaced (each charged as proof).
    pub old_bytes: u64,
    /// Events.
    pub events: u64,
    /// Their topics.
    pub topics: u64,
    /// Of the reads and writes, those of a contract's root storage struct (ink!'s 4-byte root
    /// key): ink! reads it at the start of every message and writes it back at the end of every
    /// `&mut self` message, changed or not.
    pub root_accesses: u64,
    /// Proof of the other host functions that charge some (`is_contract`, `code_hash`,
    /// `terminate`).
    pub other: u64,
}

impl Parts {
    /// Counts `trace` (one host function per line: `seal1::get_storage(key_ptr: .., ..) =
    /// Ok(..)`) of a call whose dry run measured `measured` bytes of proof.
    pub fn of_trace(trace: &str, measured: u64) -> Parts {
        let mut parts = Parts {
            measured,
            code_loads: 1,
            ..Parts::default()
        };
        for line in trace.lines() {
            let Some((function, rest)) = line
                .split_once("::")
                .and_then(|(_, rest)| rest.split_once('('))
            else {
                continue;
            };
            let number = |name: &str| -> u64 {
                rest.split_once(&format!("{name}: "))
                    .and_then(|(_, value)| {
                        let end = value.find([',', ')']).unwrap_or(value.len());
                        value[..end].parse().ok()
                    })
                    .unwrap_or(0)
            };
            let answer = || -> u64 {
                rest.rsplit_once("= Ok(")
                    .and_then(|(_, value)| value.trim_end_matches(')').parse().ok())
                    .filter(|&old| old != NO_VALUE)
                    .unwrap_or(0)
            };
            let root = number("key_len") == 4;
            match function {
                "get_storage" | "contains_storage" => {
                    parts.reads += 1;
                    parts.root_accesses += u64::from(root);
                }
                "set_storage" => {
                    parts.root_accesses += u64::from(root);
                    parts.writes += 1;
                    parts.old_bytes += answer();
                }
                "clear_storage" | "take_storage" => {
                    parts.removals += 1;
                    parts.old_bytes += answer();
                }
                "call" => {
                    parts.calls += 1;
                    parts.code_loads += 1;
                }
                "instantiate" => {
                    parts.instantiations += 1;
                    parts.code_loads += 1;
                }
                "deposit_event" => {
                    parts.events += 1;
                    // One byte of length prefix (compact, under 64 topics), 32 per topic.
                    parts.topics += number("topics_len") / 32;
                }
                "is_contract" => parts.other += 3819,
                "code_hash" => parts.other += 3912,
                "terminate" => parts.other += 3784,
                _ => {}
            }
        }
        parts
    }

    /// The proof of nested calls' and instantiations' fixed parts.
    pub fn calling(&self) -> u64 {
        self.calls * CALL + self.instantiations * INSTANTIATION
    }

    /// The proof of storage accesses without their [`FULL_TRIE`] surcharge: their own parts and
    /// the old values' bytes (not the bytes reads return, which the trace does not show).
    pub fn storage_own(&self) -> u64 {
        self.reads * READ + self.writes * WRITE + self.removals * REMOVAL + self.old_bytes
    }

    /// The [`FULL_TRIE`] surcharge of every storage access.
    pub fn full_trie(&self) -> u64 {
        (self.reads + self.writes + self.removals) * FULL_TRIE
    }

    /// The proof of events.
    pub fn eventing(&self) -> u64 {
        self.events * EVENT.0 + self.topics * EVENT.1
    }

    /// What is left of the measured proof after every priced part: the code loaded (1 byte of
    /// proof per byte of Wasm) and the bytes storage reads returned.
    pub fn code_and_values_read(&self) -> u64 {
        self.measured.saturating_sub(
            self.calling() + self.storage_own() + self.full_trie() + self.eventing() + self.other,
        )
    }

    /// The sum of two calls' parts (a loan's three operations as one).
    pub fn plus(self, other: Parts) -> Parts {
        Parts {
            measured: self.measured + other.measured,
            code_loads: self.code_loads + other.code_loads,
            calls: self.calls + other.calls,
            instantiations: self.instantiations + other.instantiations,
            reads: self.reads + other.reads,
            writes: self.writes + other.writes,
            removals: self.removals + other.removals,
            old_bytes: self.old_bytes + other.old_bytes,
            events: self.events + other.events,
            topics: self.topics + other.topics,
            root_accesses: self.root_accesses + other.root_accesses,
            other: self.other + other.other,
        }
    }
}

/// One traced call of the breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    /// What was called (`v3 create_issuance`...).
    pub call: String,
    /// Its cost (the dry run's gas consumed).
    pub cost: client::Cost,
    /// Its trace, counted.
    pub parts: Parts,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bare PSP22 `transfer` on substrate-contracts-node 0.42 (the test token, 13966 bytes of
    /// Wasm), as its dry run traced it; it measured 84028 bytes of proof.
    const TRANSFER: &str = "\
seal0::value_transferred(out_ptr: 65088, out_len_ptr: 65116) = Ok(())
seal0::input(out_ptr: 65696, out_len_ptr: 65120) = Ok(())
seal1::get_storage(key_ptr: 65696, key_len: 4, out_ptr: 65700, out_len_ptr: 65472) = Ok(Success)
seal0::caller(out_ptr: 65696, out_len_ptr: 65116) = Ok(())
seal1::get_storage(key_ptr: 65696, key_len: 36, out_ptr: 65732, out_len_ptr: 65072) = Ok(Success)
seal2::set_storage(key_ptr: 65696, key_len: 36, value_ptr: 65732, value_len: 16) = Ok(16)
seal1::get_storage(key_ptr: 65696, key_len: 36, out_ptr: 65732, out_len_ptr: 65072) = Ok(KeyNotFound)
seal2::set_storage(key_ptr: 65696, key_len: 36, value_ptr: 65732, value_len: 16) = Ok(4294967295)
seal0::deposit_event(topics_ptr: 65696, topics_len: 97, data_ptr: 65793, data_len: 82) = Ok(())
seal2::set_storage(key_ptr: 65696, key_len: 4, value_ptr: 65700, value_len: 32) = Ok(32)
seal0::seal_return(flags: 0, data_ptr: 65696, data_len: 2) = Err(<wasm:stripped>)
";

    #[test]
    fn a_transfer_is_priced_to_the_byte() {
        let parts = Parts::of_trace(TRANSFER, 84_028);
        assert_eq!(
            (parts.code_loads, parts.reads, parts.writes, parts.old_bytes),
            (1, 3, 3, 48)
        );
        assert_eq!((parts.events, parts.topics, parts.root_accesses), (1, 3, 2));
        // What is left is the token's code and the 48 bytes its reads returned (the root
        // struct's 32 and the sender's 16-byte balance; the receiver had none): nothing else.
        assert_eq!(parts.code_and_values_read(), 13_966 + 32 + 16);
    }

    #[test]
    fn nested_calls_instantiations_and_removals_are_counted() {
        let trace = "\
seal2::call(flags: 0, callee_ptr: 1, ref_time_limit: 0, proof_size_limit: 0, deposit_ptr: 4294967295, value_ptr: 2, input_data_ptr: 3, input_data_len: 36, output_ptr: 4, output_len_ptr: 5) = Ok(Success)
seal2::instantiate(code_hash_ptr: 1, ref_time_limit: 0, proof_size_limit: 0, deposit_ptr: 4294967295, value_ptr: 2, input_data_ptr: 3, input_data_len: 4, address_ptr: 4, address_len_ptr: 5, output_ptr: 6, output_len_ptr: 7, salt_ptr: 8, salt_len: 8) = Ok(Success)
seal1::clear_storage(key_ptr: 1, key_len: 68) = Ok(16)
seal1::clear_storage(key_ptr: 1, key_len: 68) = Ok(4294967295)
seal0::deposit_event(topics_ptr: 1, topics_len: 65, data_ptr: 2, data_len: 49) = Ok(())
";
        let parts = Parts::of_trace(trace, 100_000);
        assert_eq!(
            (parts.code_loads, parts.calls, parts.instantiations),
            (3, 1, 1)
        );
        assert_eq!((parts.removals, parts.old_bytes, parts.topics), (2, 16, 2));
        assert_eq!(parts.calling(), CALL + INSTANTIATION);
        assert_eq!(parts.full_trie(), 2 * FULL_TRIE);
    }
}
