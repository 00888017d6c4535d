//! What the web app (`nuts app`, `app/`) reads through a [`Session`]: the deployment's tokens
//! and domains, one account's positions, and dry runs of the call data the page encodes from
//! the bundles' metadata. The page signs; nothing here sends.

use client::{
    chain::{CallError, Returned},
    clients::{Escrow, Manager},
    node::NodeBackend,
};
use ink::scale::Decode;
use lending_logic::{LoanKind, REPAY};
use offer_logic::CANCEL;
use serde_json::{json, Value};
use traits::{
    AccountId, Asset, Balance, EngagementState, InstrumentId, IssuanceState, ManagerError,
    MAX_SPENDING_LIMIT_ASSETS,
};

use super::{explain, explain_escrow, explain_psp22, leaving, Session, Terms, UserError};
use crate::deploy::{account_json, ss58};

/// A contract of the deployment, as far as a dry run's error is concerned.
enum Callee {
    Manager,
    Escrow,
    Token,
    Other,
}

/// An asset as Polkadot.js encodes it from JSON (`"Native"`, `{"Token": "0x…"}`).
pub fn asset_arg(asset: Asset) -> Value {
    match asset {
        Asset::Native => json!("Native"),
        Asset::Token(token) => json!({ "Token": hex(token.as_ref()) }),
    }
}

fn hex(bytes: &[u8]) -> String {
    format!("0x{}", client::node::hex(bytes))
}

impl Session {
    /// The account the reads and dry runs that follow are for.
    pub fn set_me(&mut self, who: AccountId) {
        self.me = who;
    }

    /// Every token the session names: symbol, decimals, address and the asset as the page
    /// encodes it.
    pub fn tokens_json(&self) -> Value {
        let tokens = self.tokens.iter().map(|(token, unit)| {
            json!({
                "symbol": unit.symbol,
                "decimals": unit.decimals,
                "account": account_json(token.0),
                "asset": asset_arg(token.asset()),
            })
        });
        Value::Array(tokens.collect())
    }

    /// Every domain of the registry: its id, manager, instrument escrow and instrument, the
    /// instrument's contract (by its code hash among `code_hashes`, the deployment record's
    /// `{contract: hash}`; `null` for one this deployment did not build) and whether it is
    /// active. The names of the custom events the page sends (`repay`, `cancel`) as the
    /// manager takes them (32 bytes, hex).
    pub fn domains_json(&mut self, code_hashes: &Value) -> Result<Value, UserError> {
        let mut domains = Vec::new();
        for domain in 1..=self.registry.instrument_count(&mut self.chain) {
            let manager = self.manager(domain)?;
            let setup = manager.setup(&mut self.chain);
            let escrow = manager.instrument_escrow(&mut self.chain);
            let code = self.chain.code_hash_at(setup.instrument);
            let contract = code.and_then(|code| {
                let code = hex(code.as_ref());
                let names = code_hashes.as_object()?;
                names
                    .iter()
                    .find(|(_, hash)| hash.as_str() == Some(code.as_str()))
                    .map(|(name, _)| name.clone())
            });
            domains.push(json!({
                "domain": domain,
                "instrument": account_json(setup.instrument),
                "contract": contract,
                "manager": account_json(manager.0),
                "instrument_escrow": account_json(escrow.0),
                "active": manager.is_active(&mut self.chain),
            }));
        }
        Ok(json!({
            "domains": domains,
            "names": { "repay": hex(&REPAY.0), "cancel": hex(&CANCEL.0) },
        }))
    }

    /// `who`'s positions: every issuance it made or engaged (and not yet closed), with its
    /// state, terms, its engagements of it, whether its maker may close it now, the due times in milliseconds of block time (`now_ms` is the chain's
    /// clock) and, where `who` owes a loan's repayment, the exact amount and what the page
    /// sends it with.
    pub fn positions(&mut self, who: AccountId) -> Result<Value, UserError> {
        let now = self.chain.now();
        let mut positions = Vec::new();
        for domain in 1..=self.registry.instrument_count(&mut self.chain) {
            let manager = self.manager(domain)?;
            for issuance in 1..=manager.issuance_count(&mut self.chain) {
                if let Some(position) = self.position(domain, manager, issuance, who) {
                    positions.push(position);
                }
            }
        }
        Ok(json!({ "account": ss58(who), "now_ms": now, "positions": positions }))
    }

    fn position(
        &mut self,
        domain: InstrumentId,
        manager: Manager,
        issuance: traits::IssuanceId,
        who: AccountId,
    ) -> Option<Value> {
        let record = manager.issuance(&mut self.chain, issuance)?;
        let mut engagements = Vec::new();
        let mut all_final = true;
        for id in 1..=record.engagement_count {
            let Some(engagement) = manager.engagement(&mut self.chain, issuance, id) else {
                continue;
            };
            all_final &= matches!(
                engagement.state,
                EngagementState::Complete | EngagementState::Cancelled
            );
            if engagement.taker == who {
                engagements.push(json!({
                    "engagement": id,
                    "state": format!("{:?}", engagement.state),
                }));
            }
        }
        let maker = record.maker == who;
        if !maker && engagements.is_empty() {
            return None;
        }
        let terms = self.terms(manager, issuance);
        let mut loan_due = None;
        let mut repay = None;
        if let Some(Terms::Loan(loan)) = &terms {
            if let Some(engaged) = loan.engagement {
                let borrower = match loan.kind {
                    LoanKind::Lending => engaged.taker,
                    LoanKind::Borrowing => loan.maker,
                };
                let active = manager
                    .engagement(&mut self.chain, issuance, engaged.engagement_id)
                    .is_some_and(|e| e.state == EngagementState::Active);
                // A settled loan is due no more.
                loan_due = active.then_some(engaged.due);
                if let (true, true, Some(owed)) = (borrower == who, active, loan.repay_amount()) {
                    let asset = loan.params.lending_asset;
                    repay = Some(json!({
                        "engagement": engaged.engagement_id,
                        "owed": self.amount_json(asset, owed),
                        "asset": asset_arg(asset),
                    }));
                }
            }
        }
        let issuance_due = terms.as_ref().map(|terms| match terms {
            Terms::Loan(loan) => loan.issuance_due,
            Terms::Swap(swap) => swap.issuance_due,
        });
        let words = terms.map(|terms| self.terms_words(&terms));
        let exact = terms.map(|terms| self.terms_json(&terms));
        Some(json!({
            "domain": domain,
            "issuance": issuance,
            "role": if maker { "maker" } else { "taker" },
            "kind": terms.map(|terms| terms.kind().word()),
            "state": format!("{:?}", record.state),
            "open": record.state == IssuanceState::Engageable,
            "engaged": record.engagement_count > 0,
            "completion_basis_points": record.completion_ratio.basis_points(),
            // What `close_issuance` asks (SPEC: the issuance and every engagement final,
            // nothing scheduled); the escrow's emptiness is checked by the call's dry run.
            "closable": maker
                && all_final
                && record.pending_schedules == 0
                && matches!(record.state, IssuanceState::Complete | IssuanceState::Cancelled),
            "terms": words,
            "terms_exact": exact,
            "engagements": engagements,
            "issuance_due_ms": issuance_due,
            "due_ms": loan_due,
            "repay": repay,
        }))
    }

    /// A dry run of `input` (a selector and SCALE arguments) sent to `contract` by `who` with
    /// `value` attached: whether the chain would accept it, its refusal in words (the
    /// contract's typed error), what would leave `who`'s instrument-escrow accounts (the
    /// spending limit to send it with, as Polkadot.js encodes it), its events in words, and
    /// the extrinsic's limits. Sends nothing.
    pub fn dry_run_input(
        &mut self,
        who: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Value, UserError> {
        let callee = self.callee(contract)?;
        let returned = self.chain.dry_call_raw(who, contract, input, value);
        let cost = self.chain.last_cost();
        let limits = self
            .chain
            .backend::<NodeBackend>()
            .map(|node| node.last_limits());
        let error = match returned {
            Err(CallError::Dispatch(why)) => Some(format!("the chain refused the call: {why}")),
            Err(other) => Some(format!("{other:?}")),
            Ok(Returned {
                reverted: false, ..
            }) => None,
            Ok(Returned { data, .. }) => Some(self.refusal(callee, contract, who, &data)),
        };
        let spent = leaving(self.chain.events(), who);
        let events = self.events_in_words();
        let limit: Vec<Value> = spent
            .0
            .iter()
            .map(|&(asset, amount)| json!([asset_arg(asset), amount.to_string()]))
            .collect();
        // In process there is no extrinsic: twice what the dry run used.
        let (ref_time, proof_size, deposit) = match limits {
            Some(limits) => (limits.ref_time, limits.proof_size, limits.storage_deposit),
            None => (
                cost.ref_time.saturating_mul(2),
                cost.proof_size.saturating_mul(2),
                cost.storage_deposit.max(0) as Balance * 2,
            ),
        };
        Ok(json!({
            "ok": error.is_none(),
            "error": error,
            "leaves": self.amounts_json(&spent.0),
            "leaves_words": self.amounts(&spent.0),
            "limit": limit,
            "events": events,
            "gas_limit": { "ref_time": ref_time.to_string(), "proof_size": proof_size.to_string() },
            "storage_deposit_limit": deposit.to_string(),
            "storage_deposit": cost.storage_deposit.to_string(),
        }))
    }

    /// What kind of contract of the deployment `contract` is (a domain's manager or
    /// instrument escrow, a token), for its errors.
    fn callee(&mut self, contract: AccountId) -> Result<Callee, UserError> {
        if self.tokens.iter().any(|(token, _)| token.0 == contract) {
            return Ok(Callee::Token);
        }
        for domain in 1..=self.registry.instrument_count(&mut self.chain) {
            let manager = self.manager(domain)?;
            if manager.0 == contract {
                return Ok(Callee::Manager);
            }
            if manager.instrument_escrow(&mut self.chain).0 == contract {
                return Ok(Callee::Escrow);
            }
        }
        Ok(Callee::Other)
    }

    /// A reverted call's output (`Result<Result<T, E>, LangError>`, here `Ok(Err(e))`) in
    /// words. A spending limit too small says what the caller holds.
    fn refusal(
        &mut self,
        callee: Callee,
        contract: AccountId,
        who: AccountId,
        data: &[u8],
    ) -> String {
        let Some((&[0, 1], mut error)) = data.split_first_chunk::<2>() else {
            return match data.first() {
                Some(1) => {
                    "the contract does not know this message or its arguments (LangError)".into()
                }
                _ => "the contract refused (reverted)".into(),
            };
        };
        match callee {
            Callee::Manager => match ManagerError::decode(&mut error) {
                Ok(ManagerError::SpendingLimitExceeded) => {
                    let escrow = Manager(contract).instrument_escrow(&mut self.chain);
                    let holds = self.holdings(Escrow(escrow.0), who);
                    format!(
                        "TooLittleInEscrow: your instrument-escrow account holds {}, less than \
                         the call takes (fees included)",
                        self.amounts(&holds)
                    )
                }
                Ok(error) => explain(&error),
                Err(_) => "the manager refused".into(),
            },
            Callee::Escrow => traits::EscrowError::decode(&mut error)
                .map_or_else(|_| "the escrow refused".into(), |e| explain_escrow(&e)),
            Callee::Token => traits::PSP22Error::decode(&mut error)
                .map_or_else(|_| "the token refused".into(), |e| explain_psp22(&e)),
            Callee::Other => "the contract refused (reverted)".into(),
        }
    }

    /// The whole instrument-escrow balance of `who` in `domain`, as a spending limit for a dry
    /// run (at most [`MAX_SPENDING_LIMIT_ASSETS`] assets), as Polkadot.js encodes it.
    pub fn whole_limit(
        &mut self,
        domain: InstrumentId,
        who: AccountId,
    ) -> Result<Value, UserError> {
        let escrow = self.manager(domain)?.instrument_escrow(&mut self.chain);
        let holds = self.holdings(escrow, who);
        let limit = holds
            .iter()
            .take(MAX_SPENDING_LIMIT_ASSETS as usize)
            .map(|&(asset, amount)| json!([asset_arg(asset), amount.to_string()]));
        Ok(Value::Array(limit.collect()))
    }
}
