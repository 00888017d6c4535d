//! [`SandboxBackend`]: the ink! sandbox runtime (pallet-contracts, balances, timestamp) in this
//! process, the backend of the demo, the bench and the scenario tests (feature `sandbox`).

use ink_sandbox::{
    api::{
        balance_api::BalanceAPI, contracts_api::ContractAPI, system_api::SystemAPI,
        timestamp_api::TimestampAPI,
    },
    frame_support::storage::{transactional::with_transaction_unchecked, TransactionOutcome},
    frame_system::EventRecord,
    pallet_contracts::{self, Determinism},
    AccountId32, DefaultSandbox, Sandbox, Weight, H256,
};

use crate::chain::{
    Backend, Chain, ContractEvent, Cost, Executed, Returned, Snapshot, ACCOUNT_FUNDS, GENESIS_TIME,
};
use traits::{AccountId, Balance, Hash, Timestamp};

/// Gas limit of every call: far above what any platform call needs.
const GAS_LIMIT: Weight = Weight::from_parts(500_000_000_000, 5 * 1024 * 1024);

type Runtime = <DefaultSandbox as Sandbox>::Runtime;
type RuntimeEvent = <Runtime as ink_sandbox::frame_system::Config>::RuntimeEvent;

impl Chain {
    /// A fresh in-process chain at `GENESIS_TIME`. Contracts are built (once per process) and
    /// uploaded as they are first instantiated ([`Chain::upload`]).
    pub fn new() -> Self {
        Self::on(Box::new(SandboxBackend::default()), &[], |_, _| {})
            .unwrap_or_else(|error| panic!("{error}"))
    }
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

/// The ink! sandbox runtime, in this process.
pub struct SandboxBackend {
    sandbox: DefaultSandbox,
    /// Every event of every call kept (dry runs and calls undone by `restore` are not).
    history: Vec<ContractEvent>,
}

impl Default for SandboxBackend {
    fn default() -> Self {
        let mut sandbox = DefaultSandbox::default();
        sandbox.set_timestamp(GENESIS_TIME);
        Self {
            sandbox,
            history: Vec::new(),
        }
    }
}

impl SandboxBackend {
    /// A call inside a storage transaction rolled back at once: no trace, at the cost of what
    /// the call touched (a snapshot would copy the whole state on every read or dry run).
    fn undone(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
        collect: pallet_contracts::CollectEvents,
    ) -> pallet_contracts::ContractExecResult<Balance, EventRecord<RuntimeEvent, H256>> {
        self.sandbox.execute_with(|| {
            with_transaction_unchecked(|| {
                TransactionOutcome::Rollback(pallet_contracts::Pallet::<Runtime>::bare_call(
                    to_runtime(caller),
                    to_runtime(contract),
                    value,
                    GAS_LIMIT,
                    None,
                    input,
                    pallet_contracts::DebugInfo::Skip,
                    collect,
                    Determinism::Enforced,
                ))
            })
        })
    }

    /// What a call did (an executed one, or a dry run).
    fn called(
        result: pallet_contracts::ContractExecResult<Balance, EventRecord<RuntimeEvent, H256>>,
    ) -> Executed {
        let outcome = result
            .result
            .map(|output| Returned {
                reverted: output.did_revert(),
                data: output.data,
                address: None,
            })
            .map_err(|error| format!("{error:?}"));
        Self::executed(
            result.gas_consumed,
            &result.storage_deposit,
            result.events,
            outcome,
        )
    }

    fn executed(
        weight: Weight,
        deposit: &pallet_contracts::StorageDeposit<Balance>,
        events: Option<Vec<EventRecord<RuntimeEvent, H256>>>,
        outcome: Result<Returned, String>,
    ) -> Executed {
        let storage_deposit = match deposit {
            pallet_contracts::StorageDeposit::Charge(amount) => *amount as i128,
            pallet_contracts::StorageDeposit::Refund(amount) => -(*amount as i128),
        };
        let cost = Cost {
            ref_time: weight.ref_time(),
            proof_size: weight.proof_size(),
            storage_deposit,
        };
        let events = events
            .unwrap_or_default()
            .into_iter()
            .filter_map(|record| match record.event {
                RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted {
                    contract,
                    data,
                }) => Some(ContractEvent {
                    contract: from_runtime(contract),
                    topics: record.topics.iter().map(|topic| topic.0).collect(),
                    data,
                }),
                _ => None,
            })
            .collect();
        Executed {
            outcome,
            cost,
            events,
            failed_in_block: false,
        }
    }
}

impl Backend for SandboxBackend {
    fn upload(&mut self, _name: &str, wasm: &[u8]) -> Result<Hash, String> {
        let uploader = DefaultSandbox::default_actor();
        self.sandbox
            .upload_contract(wasm.to_vec(), uploader, None, Determinism::Enforced)
            .map(|uploaded| Hash::from(uploaded.code_hash.0))
            .map_err(|error| format!("{error:?}"))
    }

    fn account(&mut self, name: &str) -> AccountId {
        let mut bytes = [0u8; 32];
        bytes[0] = 0xAA; // away from the sandbox's default actor ([1; 32])
        for (slot, byte) in bytes[1..].iter_mut().zip(name.bytes()) {
            *slot = byte;
        }
        let account = AccountId::from(bytes);
        if self.native_balance(account) == 0 {
            self.sandbox
                .mint_into(&to_runtime(account), ACCOUNT_FUNDS)
                .expect("minting to a new account");
        }
        account
    }

    fn native_balance(&mut self, account: AccountId) -> Balance {
        self.sandbox.free_balance(&to_runtime(account))
    }

    fn code_hash_at(&mut self, account: AccountId) -> Option<Hash> {
        let account = to_runtime(account);
        self.sandbox
            .execute_with(|| pallet_contracts::Pallet::<Runtime>::code_hash(&account))
            .map(|hash| Hash::from(hash.0))
    }

    fn now(&mut self) -> Timestamp {
        self.sandbox.get_timestamp()
    }

    fn set_time(&mut self, millis: Timestamp) {
        self.sandbox.set_timestamp(millis);
    }

    fn instantiate(
        &mut self,
        caller: AccountId,
        code_hash: Hash,
        input: Vec<u8>,
        value: Balance,
        salt: Vec<u8>,
    ) -> Executed {
        self.sandbox.reset_events();
        let result = self.sandbox.instantiate_contract(
            code_hash.as_ref().to_vec(),
            value,
            input,
            salt,
            to_runtime(caller),
            GAS_LIMIT,
            None,
        );
        let outcome = result
            .result
            .map(|output| Returned {
                reverted: output.result.did_revert(),
                data: output.result.data,
                address: Some(from_runtime(output.account_id)),
            })
            .map_err(|error| format!("{error:?}"));
        let executed = Self::executed(
            result.gas_consumed,
            &result.storage_deposit,
            result.events,
            outcome,
        );
        self.history.extend(executed.events.iter().cloned());
        executed
    }

    fn call(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Executed {
        // Blocks are never finalised here, so events pile up: keep only this call's.
        self.sandbox.reset_events();
        let result = self.sandbox.call_contract(
            to_runtime(contract),
            value,
            input,
            to_runtime(caller),
            GAS_LIMIT,
            None,
            Determinism::Enforced,
        );
        let executed = Self::called(result);
        self.history.extend(executed.events.iter().cloned());
        executed
    }

    /// The call inside a storage transaction rolled back at once, like [`Backend::query`], with
    /// its events: nothing kept, not even in the history.
    fn dry_call(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Executed {
        // Only this call's events (a live node's block events are skipped the same way).
        self.sandbox.reset_events();
        let collect = pallet_contracts::CollectEvents::UnsafeCollect;
        Self::called(self.undone(caller, contract, input, value, collect))
    }

    fn events_since(&mut self, _block: u64) -> Result<Vec<ContractEvent>, String> {
        Ok(self.history.clone())
    }

    fn query(&mut self, contract: AccountId, input: Vec<u8>) -> Result<Returned, String> {
        let reader = AccountId::from([0xAB; 32]);
        let collect = pallet_contracts::CollectEvents::Skip;
        Self::called(self.undone(reader, contract, input, 0, collect)).outcome
    }

    fn snapshot(&mut self) -> Option<Snapshot> {
        Some(Box::new((self.sandbox.take_snapshot(), self.history.len())))
    }

    fn restore(&mut self, snapshot: Snapshot) {
        let snapshot: Box<(_, usize)> = snapshot.downcast().expect("a snapshot this sandbox took");
        let (state, kept) = *snapshot;
        self.sandbox.restore_snapshot(state);
        self.history.truncate(kept);
    }

    fn block_number(&mut self) -> u64 {
        self.sandbox.block_number().into()
    }

    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

fn to_runtime(account: AccountId) -> AccountId32 {
    let bytes: [u8; 32] = *account.as_ref();
    AccountId32::new(bytes)
}

fn from_runtime(account: AccountId32) -> AccountId {
    let bytes: [u8; 32] = account.into();
    AccountId::from(bytes)
}
