//! The escrow ledger: per-account, per-asset balances, their per-asset totals, the owner check,
//! and the movement of native currency and PSP22 tokens in and out of the escrow contract.
//!
//! Both escrow contracts keep one [`Ledger`] and delegate every message to it. Methods take the
//! caller and the transferred value explicitly and return the event to emit, so the accounting
//! is unit-tested here without a chain.
//!
//! Invariant: for every asset, `total_held(asset)` is the sum of all accounts' balances of it,
//! and the escrow contract holds at least that much of the asset.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::{
    codegen::TraitCallBuilder, contract_ref, env::DefaultEnvironment, prelude::vec::Vec,
    storage::Mapping,
};
use traits::{
    calls::answered,
    events::{Deposited, Moved, Withdrawn},
    AccountId, Asset, Balance, EscrowError, PSP22,
};

/// A PSP22 token called through its standard interface.
type Psp22Ref = contract_ref!(PSP22, DefaultEnvironment);

/// Balances of one escrow, and the account allowed to move other accounts' assets.
#[ink::storage_item]
#[derive(Debug)]
pub struct Ledger {
    /// The manager that instantiated the escrow.
    owner: AccountId,
    /// Balance of each account in each asset; zero balances are removed.
    balances: Mapping<(AccountId, Asset), Balance>,
    /// Sum of the balances of each asset.
    totals: Mapping<Asset, Balance>,
    /// How many assets have a non-zero total: 0 when the escrow holds nothing for anyone.
    assets_held: u32,
}

impl Ledger {
    /// An empty ledger owned by `owner`.
    pub fn new(owner: AccountId) -> Self {
        Self {
            owner,
            balances: Mapping::default(),
            totals: Mapping::default(),
            assets_held: 0,
        }
    }

    /// The escrow's owner.
    pub fn owner(&self) -> AccountId {
        self.owner
    }

    /// The balance of `account` in `asset`.
    pub fn balance_of(&self, account: AccountId, asset: Asset) -> Balance {
        self.balances.get((account, asset)).unwrap_or_default()
    }

    /// The sum of all balances of `asset`.
    pub fn total_held(&self, asset: Asset) -> Balance {
        self.totals.get(asset).unwrap_or_default()
    }

    /// Whether the escrow holds nothing for any account.
    pub fn is_empty(&self) -> bool {
        self.assets_held == 0
    }

    /// Fails unless the owner may close the escrow now: `NotOwner` for anyone else, `NotEmpty`
    /// while any account holds anything.
    pub fn ensure_closable(&self, caller: AccountId) -> Result<(), EscrowError> {
        self.ensure_owner(caller)?;
        if self.is_empty() {
            Ok(())
        } else {
            Err(EscrowError::NotEmpty)
        }
    }

    /// Fails with `NotOwner` unless `caller` is the owner.
    pub fn ensure_owner(&self, caller: AccountId) -> Result<(), EscrowError> {
        if caller == self.owner {
            Ok(())
        } else {
            Err(EscrowError::NotOwner)
        }
    }

    /// Adds `amount` of `asset` to `account` and to the asset's total (the tests' way in).
    #[cfg(test)]
    fn credit(
        &mut self,
        account: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Result<(), EscrowError> {
        let held = self.total_held(asset);
        self.credit_onto(account, asset, amount, held)
    }

    /// Adds `amount` of `asset` to `account` and to the asset's total, which the caller has just
    /// read (`held`): each storage entry is read at most once per message, since every read is
    /// paid for (on substrate-contracts-node, about 10 KB of proof each: BENCHMARKS.md, "Where
    /// the proof goes on the node").
    fn credit_onto(
        &mut self,
        account: AccountId,
        asset: Asset,
        amount: Balance,
        held: Balance,
    ) -> Result<(), EscrowError> {
        let total = held.checked_add(amount).ok_or(EscrowError::Overflow)?;
        self.add_to_balance(account, asset, amount)?;
        if held == 0 {
            // At most one per asset the escrow can hold, far below `u32::MAX`.
            self.assets_held = self.assets_held.saturating_add(1);
        }
        self.totals.insert(asset, &total);
        Ok(())
    }

    /// Takes `amount` of `asset` from `account` and from the asset's total.
    fn debit(
        &mut self,
        account: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Result<(), EscrowError> {
        self.take_from_balance(account, asset, amount)?;
        // Cannot fail: the total is the sum of the balances, so it is at least `amount`.
        let total = self
            .total_held(asset)
            .checked_sub(amount)
            .ok_or(EscrowError::InsufficientBalance)?;
        if total == 0 {
            self.totals.remove(asset);
            self.assets_held = self.assets_held.saturating_sub(1);
        } else {
            self.totals.insert(asset, &total);
        }
        Ok(())
    }

    /// Adds `amount` to `account`'s balance of `asset` alone (the total is the caller's).
    fn add_to_balance(
        &mut self,
        account: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Result<(), EscrowError> {
        ensure_non_zero(amount)?;
        let balance = self
            .balance_of(account, asset)
            .checked_add(amount)
            .ok_or(EscrowError::Overflow)?;
        self.balances.insert((account, asset), &balance);
        Ok(())
    }

    /// Takes `amount` from `account`'s balance of `asset` alone (the total is the caller's); a
    /// balance that reaches zero is removed.
    fn take_from_balance(
        &mut self,
        account: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Result<(), EscrowError> {
        ensure_non_zero(amount)?;
        let balance = self
            .balance_of(account, asset)
            .checked_sub(amount)
            .ok_or(EscrowError::InsufficientBalance)?;
        if balance == 0 {
            self.balances.remove((account, asset));
        } else {
            self.balances.insert((account, asset), &balance);
        }
        Ok(())
    }

    /// The owner moves `amount` of `asset` from `from` to `to`; the total is unchanged.
    pub fn move_between(
        &mut self,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Result<Moved, EscrowError> {
        self.ensure_owner(caller)?;
        // The total is unchanged: neither read nor written.
        self.take_from_balance(from, asset, amount)?;
        self.add_to_balance(to, asset, amount)?;
        Ok(Moved {
            from,
            to,
            asset,
            amount,
        })
    }

    /// The owner sends `amount` of `asset` from `account` straight to `recipient`, another escrow
    /// of its own that credits it with [`Ledger::credit_received`] (see [`Ledger::withdraw`]).
    pub fn send_for(
        &mut self,
        caller: AccountId,
        account: AccountId,
        recipient: AccountId,
        asset: Asset,
        amount: Balance,
        transferred_value: Balance,
    ) -> Result<Withdrawn, EscrowError> {
        self.ensure_owner(caller)?;
        self.withdraw(account, recipient, asset, amount, transferred_value)
    }

    /// The owner credits `account` with what arrived of the `amount` of `asset` that another
    /// escrow of its own has just sent here ([`Ledger::send_for`]); `None` when nothing arrived.
    ///
    /// `held` reads what this contract holds of the asset now. For a token, what arrived is that
    /// less `held_before` (the owner's read just before the send), at most `amount`, so a token
    /// that takes a fee on transfer credits less, and tokens sent here directly stay unowned.
    /// Native currency arrives exact. The holdings must still cover every account's balance
    /// (`TokenTransferMismatch` otherwise). No native value may come with the call.
    #[allow(clippy::too_many_arguments)] // the message's four arguments and the call's context
    pub fn credit_received(
        &mut self,
        caller: AccountId,
        account: AccountId,
        asset: Asset,
        amount: Balance,
        held_before: Balance,
        transferred_value: Balance,
        held: impl FnOnce(Asset) -> Result<Balance, EscrowError>,
    ) -> Result<Option<Deposited>, EscrowError> {
        self.ensure_owner(caller)?;
        ensure_non_zero(amount)?;
        if transferred_value != 0 {
            return Err(EscrowError::ValueMismatch);
        }
        let now = held(asset)?;
        let arrived = match asset {
            Asset::Native => amount,
            Asset::Token(_) => now.saturating_sub(held_before).min(amount),
        };
        let held = self.total_held(asset);
        let covered = held.checked_add(arrived).ok_or(EscrowError::Overflow)?;
        if now < covered {
            return Err(EscrowError::TokenTransferMismatch);
        }
        if arrived == 0 {
            return Ok(None);
        }
        self.credit_onto(account, asset, arrived, held)?;
        Ok(Some(Deposited {
            account,
            asset,
            amount: arrived,
            by: caller,
        }))
    }

    /// Takes `amount` of `asset` from `payer` into the escrow and credits `account`:
    /// native currency must come as the call's `transferred_value`; tokens are pulled with
    /// `transfer_from(payer, escrow)`.
    pub fn deposit(
        &mut self,
        payer: AccountId,
        account: AccountId,
        asset: Asset,
        amount: Balance,
        transferred_value: Balance,
    ) -> Result<Deposited, EscrowError> {
        ensure_non_zero(amount)?;
        let held = self.total_held(asset);
        match asset {
            Asset::Native if transferred_value == amount => {}
            Asset::Token(token) if transferred_value == 0 => {
                let covered = held.checked_add(amount).ok_or(EscrowError::Overflow)?;
                pull_token(token, payer, amount, covered)?
            }
            _ => return Err(EscrowError::ValueMismatch),
        }
        self.credit_onto(account, asset, amount, held)?;
        Ok(Deposited {
            account,
            asset,
            amount,
            by: payer,
        })
    }

    /// Debits `account` by `amount` of `asset` and sends it out of the escrow to `recipient`.
    /// No native value may come with the call.
    pub fn withdraw(
        &mut self,
        account: AccountId,
        recipient: AccountId,
        asset: Asset,
        amount: Balance,
        transferred_value: Balance,
    ) -> Result<Withdrawn, EscrowError> {
        if transferred_value != 0 {
            return Err(EscrowError::ValueMismatch);
        }
        self.debit(account, asset, amount)?;
        send(asset, recipient, amount)?;
        Ok(Withdrawn {
            account,
            asset,
            amount,
            to: recipient,
        })
    }
}

fn ensure_non_zero(amount: Balance) -> Result<(), EscrowError> {
    if amount == 0 {
        Err(EscrowError::ZeroAmount)
    } else {
        Ok(())
    }
}

/// Pulls `amount` of `token` from `payer` to this contract, and checks that all of it arrived
/// (the balance read before and after the transfer) and that the contract holds at least
/// `covered` (what its accounts hold once this deposit is credited). A token that takes a fee
/// on transfer, or delivers less than asked, is refused with `TokenTransferMismatch` even when
/// the escrow holds tokens nobody owns (sent to it directly) that would hide the shortfall: no
/// account is credited more than arrived.
fn pull_token(
    token: AccountId,
    payer: AccountId,
    amount: Balance,
    covered: Balance,
) -> Result<(), EscrowError> {
    let this = ink::env::account_id::<DefaultEnvironment>();
    let mut psp22: Psp22Ref = token.into();
    let before = token_balance(&psp22, this)?;
    answered(
        psp22
            .call_mut()
            .transfer_from(payer, this, amount, Vec::new())
            .try_invoke(),
    )
    .ok_or(EscrowError::TokenCallFailed)?
    .map_err(EscrowError::TokenTransferFailed)?;
    let after = token_balance(&psp22, this)?;
    let arrived = after.saturating_sub(before);
    if arrived < amount || after < covered {
        return Err(EscrowError::TokenTransferMismatch);
    }
    Ok(())
}

/// What this contract holds of `asset`: its token balance, or its native balance (what it can
/// send while staying alive).
pub fn held(asset: Asset) -> Result<Balance, EscrowError> {
    match asset {
        Asset::Native => Ok(ink::env::balance::<DefaultEnvironment>()),
        Asset::Token(token) => {
            let this = ink::env::account_id::<DefaultEnvironment>();
            token_balance(&token.into(), this)
        }
    }
}

fn token_balance(psp22: &Psp22Ref, owner: AccountId) -> Result<Balance, EscrowError> {
    answered(psp22.call().balance_of(owner).try_invoke()).ok_or(EscrowError::TokenCallFailed)
}

/// Sends `amount` of `asset` from this contract to `recipient`.
fn send(asset: Asset, recipient: AccountId, amount: Balance) -> Result<(), EscrowError> {
    match asset {
        Asset::Native => ink::env::transfer::<DefaultEnvironment>(recipient, amount)
            .map_err(|_| EscrowError::NativeTransferFailed),
        Asset::Token(token) => {
            let mut psp22: Psp22Ref = token.into();
            answered(
                psp22
                    .call_mut()
                    .transfer(recipient, amount, Vec::new())
                    .try_invoke(),
            )
            .ok_or(EscrowError::TokenCallFailed)?
            .map_err(EscrowError::TokenTransferFailed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(byte: u8) -> AccountId {
        AccountId::from([byte; 32])
    }

    const TOKEN: Asset = Asset::Token(AccountId([9; 32]));

    #[ink::test]
    fn credit_and_debit_keep_totals_equal_to_the_sum_of_balances() {
        let mut ledger = Ledger::new(account(0));
        ledger.credit(account(1), Asset::Native, 70).unwrap();
        ledger.credit(account(2), Asset::Native, 30).unwrap();
        ledger.credit(account(1), TOKEN, 5).unwrap();
        ledger.debit(account(1), Asset::Native, 20).unwrap();
        assert_eq!(ledger.balance_of(account(1), Asset::Native), 50);
        assert_eq!(ledger.total_held(Asset::Native), 80);
        assert_eq!(ledger.total_held(TOKEN), 5);
    }

    #[ink::test]
    fn only_the_owner_closes_and_only_when_every_account_is_empty() {
        let mut ledger = Ledger::new(account(0));
        assert_eq!(ledger.ensure_closable(account(0)), Ok(()));
        ledger.credit(account(1), Asset::Native, 70).unwrap();
        ledger.credit(account(2), TOKEN, 5).unwrap();
        ledger
            .move_between(account(0), account(2), account(1), TOKEN, 5)
            .unwrap();
        ledger.debit(account(1), Asset::Native, 70).unwrap();
        assert_eq!(
            ledger.ensure_closable(account(0)),
            Err(EscrowError::NotEmpty)
        );
        assert_eq!(
            ledger.ensure_closable(account(1)),
            Err(EscrowError::NotOwner)
        );
        ledger.debit(account(1), TOKEN, 5).unwrap();
        assert!(ledger.is_empty());
        assert_eq!(ledger.ensure_closable(account(0)), Ok(()));
        assert_eq!(
            ledger.ensure_closable(account(1)),
            Err(EscrowError::NotOwner)
        );
    }

    #[ink::test]
    fn debit_beyond_the_balance_fails_and_changes_nothing() {
        let mut ledger = Ledger::new(account(0));
        ledger.credit(account(1), TOKEN, 10).unwrap();
        assert_eq!(
            ledger.debit(account(1), TOKEN, 11),
            Err(EscrowError::InsufficientBalance)
        );
        assert_eq!(
            ledger.debit(account(2), TOKEN, 1),
            Err(EscrowError::InsufficientBalance)
        );
        assert_eq!(ledger.balance_of(account(1), TOKEN), 10);
        assert_eq!(ledger.total_held(TOKEN), 10);
    }

    #[ink::test]
    fn zero_amounts_are_refused() {
        let mut ledger = Ledger::new(account(0));
        assert_eq!(
            ledger.credit(account(1), TOKEN, 0),
            Err(EscrowError::ZeroAmount)
        );
        assert_eq!(
            ledger.debit(account(1), TOKEN, 0),
            Err(EscrowError::ZeroAmount)
        );
        assert_eq!(
            ledger.move_between(account(0), account(1), account(2), TOKEN, 0),
            Err(EscrowError::ZeroAmount)
        );
    }

    #[ink::test]
    fn overflowing_credit_fails() {
        let mut ledger = Ledger::new(account(0));
        ledger.credit(account(1), TOKEN, Balance::MAX).unwrap();
        assert_eq!(
            ledger.credit(account(2), TOKEN, 1),
            Err(EscrowError::Overflow)
        );
        assert_eq!(ledger.balance_of(account(2), TOKEN), 0);
    }

    #[ink::test]
    fn move_between_keeps_the_total() {
        let mut ledger = Ledger::new(account(0));
        ledger.credit(account(1), TOKEN, 10).unwrap();
        let event = ledger
            .move_between(account(0), account(1), account(2), TOKEN, 4)
            .unwrap();
        assert_eq!(
            event,
            Moved {
                from: account(1),
                to: account(2),
                asset: TOKEN,
                amount: 4
            }
        );
        assert_eq!(ledger.balance_of(account(1), TOKEN), 6);
        assert_eq!(ledger.balance_of(account(2), TOKEN), 4);
        assert_eq!(ledger.total_held(TOKEN), 10);
    }

    #[ink::test]
    fn only_the_owner_passes_the_owner_check() {
        let ledger = Ledger::new(account(7));
        assert_eq!(ledger.ensure_owner(account(7)), Ok(()));
        assert_eq!(ledger.ensure_owner(account(8)), Err(EscrowError::NotOwner));
        let mut ledger = ledger;
        ledger.credit(account(1), TOKEN, 10).unwrap();
        assert_eq!(
            ledger.move_between(account(1), account(1), account(2), TOKEN, 4),
            Err(EscrowError::NotOwner)
        );
        assert_eq!(
            ledger.credit_received(account(8), account(1), Asset::Native, 1, 0, 0, |_| Ok(100)),
            Err(EscrowError::NotOwner)
        );
        assert_eq!(
            ledger.send_for(account(8), account(1), account(9), TOKEN, 1, 0),
            Err(EscrowError::NotOwner)
        );
        assert_eq!(ledger.balance_of(account(1), TOKEN), 10);
    }

    #[ink::test]
    fn the_owner_credits_only_what_arrived() {
        let mut ledger = Ledger::new(account(0));
        ledger.credit(account(1), TOKEN, 10).unwrap();
        // the escrow held 13 (10 owed to account 1, 3 sent to it directly); 7 were sent and
        // a fee-taking token delivered 6: 6 are credited, neither 7 nor the 3 nobody owns
        let after_the_send = |_| Ok(19);
        let credit = |ledger: &mut Ledger, amount, value, held: fn(Asset) -> _| {
            ledger.credit_received(account(0), account(2), TOKEN, amount, 13, value, held)
        };
        assert_eq!(
            credit(&mut ledger, 7, 1, after_the_send),
            Err(EscrowError::ValueMismatch)
        );
        assert_eq!(
            credit(&mut ledger, 0, 0, after_the_send),
            Err(EscrowError::ZeroAmount)
        );
        assert_eq!(
            credit(&mut ledger, 7, 0, |_| Err(EscrowError::TokenCallFailed)),
            Err(EscrowError::TokenCallFailed)
        );
        assert_eq!(
            credit(&mut ledger, 7, 0, |_| Ok(13)),
            Ok(None),
            "nothing arrived"
        );
        // holdings that fell below what the accounts are owed
        assert_eq!(
            credit(&mut ledger, 7, 0, |_| Ok(9)),
            Err(EscrowError::TokenTransferMismatch)
        );
        assert_eq!(ledger.total_held(TOKEN), 10, "nothing credited so far");
        assert_eq!(
            credit(&mut ledger, 7, 0, after_the_send),
            Ok(Some(Deposited {
                account: account(2),
                asset: TOKEN,
                amount: 6,
                by: account(0)
            }))
        );
        // more than was sent arrived (from 19 to 24 for 2 sent): only what was sent is credited
        let credited = ledger.credit_received(account(0), account(2), TOKEN, 2, 19, 0, |_| Ok(24));
        assert_eq!(credited.map(|event| event.map(|e| e.amount)), Ok(Some(2)));
        assert_eq!(ledger.balance_of(account(2), TOKEN), 8);
        assert_eq!(ledger.total_held(TOKEN), 18);
    }

    #[ink::test]
    fn native_currency_is_credited_exact_when_the_escrow_holds_it() {
        let mut ledger = Ledger::new(account(0));
        let holds_100 = |_| Ok(100);
        let credit = |ledger: &mut Ledger, amount| {
            ledger.credit_received(
                account(0),
                account(2),
                Asset::Native,
                amount,
                0,
                0,
                holds_100,
            )
        };
        assert_eq!(
            credit(&mut ledger, 101),
            Err(EscrowError::TokenTransferMismatch)
        );
        assert_eq!(
            credit(&mut ledger, 100).map(|e| e.map(|e| e.amount)),
            Ok(Some(100))
        );
        assert_eq!(ledger.total_held(Asset::Native), 100);
    }

    #[ink::test]
    fn native_deposit_needs_the_exact_value() {
        let mut ledger = Ledger::new(account(0));
        assert_eq!(
            ledger.deposit(account(1), account(1), Asset::Native, 10, 9),
            Err(EscrowError::ValueMismatch)
        );
        let event = ledger
            .deposit(account(1), account(1), Asset::Native, 10, 10)
            .unwrap();
        assert_eq!(event.amount, 10);
        assert_eq!(ledger.total_held(Asset::Native), 10);
    }

    #[ink::test]
    fn token_moves_refuse_native_value() {
        let mut ledger = Ledger::new(account(0));
        assert_eq!(
            ledger.deposit(account(1), account(1), TOKEN, 10, 1),
            Err(EscrowError::ValueMismatch)
        );
        assert_eq!(
            ledger.withdraw(account(1), account(1), TOKEN, 10, 1),
            Err(EscrowError::ValueMismatch)
        );
    }

    /// Every storage entry a ledger message touches is read at most once and written at most
    /// once: on substrate-contracts-node each access is about 10 KB of proof (BENCHMARKS.md,
    /// "Where the proof goes on the node"). A move inside the escrow reads and writes the two
    /// balances and never the total; crediting what arrived reads the total and the balance once.
    #[ink::test]
    fn each_entry_is_read_and_written_at_most_once() {
        let mut ledger = Ledger::new(account(0));
        ledger.credit(account(1), TOKEN, 10).unwrap();
        let this = ink::env::test::callee::<DefaultEnvironment>();
        let accesses = || ink::env::test::get_contract_storage_rw::<DefaultEnvironment>(&this);
        let counted = |before: (usize, usize), after: (usize, usize)| {
            (after.0 - before.0, after.1 - before.1)
        };
        let before = accesses();
        ledger
            .move_between(account(0), account(1), account(2), TOKEN, 4)
            .unwrap();
        assert_eq!(
            counted(before, accesses()),
            (2, 2),
            "reads, writes of a move"
        );
        let before = accesses();
        ledger
            .credit_received(account(0), account(2), TOKEN, 5, 0, 0, |_| Ok(100))
            .unwrap();
        assert_eq!(
            counted(before, accesses()),
            (2, 2),
            "reads, writes of a credit"
        );
        assert_eq!(ledger.total_held(TOKEN), 15);
        assert_eq!(ledger.balance_of(account(2), TOKEN), 9);
        let before = accesses();
        ledger
            .deposit(account(3), account(3), Asset::Native, 7, 7)
            .unwrap();
        assert_eq!(
            counted(before, accesses()),
            (2, 2),
            "reads, writes of a deposit"
        );
    }
}
