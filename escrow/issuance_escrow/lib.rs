//! The issuance escrow: one per issuance, instantiated by the manager at `create_issuance`.
//! It holds the assets the issuance locked, per account and per asset. Users can only read it;
//! the manager (its owner) moves assets in, out, and between accounts (docs/SPEC.md §2, §6).
//!
//! Why the messages below repeat the other escrow's: ink! 5 has no way to share messages between
//! contracts (no inheritance; a trait's default methods are not messages; contracts-UI reads each
//! message's docs from the contract's own impl block). So each escrow writes out the `Escrow`
//! messages as one-line delegations to `escrow_ledger::Ledger`, where the rules and their unit
//! tests live; only the shell, a few lines per message, is written twice.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::issuance_escrow::IssuanceEscrowRef;

#[ink::contract]
mod issuance_escrow {
    use escrow_ledger::Ledger;
    use traits::{Asset, ClosableEscrow, Escrow, EscrowError};

    #[ink(storage)]
    pub struct IssuanceEscrow {
        ledger: Ledger,
    }

    impl Default for IssuanceEscrow {
        fn default() -> Self {
            Self::new()
        }
    }

    impl IssuanceEscrow {
        /// An empty escrow owned by its instantiator (the manager).
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                ledger: Ledger::new(Self::env().caller()),
            }
        }
    }

    impl Escrow for IssuanceEscrow {
        /// The balance of `account` in `asset`. Anyone.
        #[ink(message)]
        fn balance_of(&self, account: AccountId, asset: Asset) -> Balance {
            self.ledger.balance_of(account, asset)
        }

        /// The sum of all accounts' balances of `asset`: what the escrow holds for them. Anyone.
        #[ink(message)]
        fn total_held(&self, asset: Asset) -> Balance {
            self.ledger.total_held(asset)
        }

        /// The escrow's owner: the manager that instantiated it. Anyone.
        #[ink(message)]
        fn owner(&self) -> AccountId {
            self.ledger.owner()
        }

        /// Debits `account` by `amount` of `asset` and sends it straight to `recipient`: another
        /// escrow of the same owner, which credits it with `credit_received` (one token transfer
        /// per move between escrows). Caller: the owner. Emits `Withdrawn`. Errors: `NotOwner`,
        /// `ZeroAmount`, `ValueMismatch`, `InsufficientBalance`, `TokenCallFailed`,
        /// `TokenTransferFailed`, `NativeTransferFailed`.
        #[ink(message, payable)]
        fn send_for(
            &mut self,
            account: AccountId,
            recipient: AccountId,
            asset: Asset,
            amount: Balance,
        ) -> Result<(), EscrowError> {
            let (caller, value) = (self.env().caller(), self.env().transferred_value());
            let event = self
                .ledger
                .send_for(caller, account, recipient, asset, amount, value)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Credits `account` with what arrived of the `amount` of `asset` another escrow of the
        /// same owner has just sent here (`send_for`), and returns it (0 credits nothing). For a
        /// token, what arrived is this escrow's balance now less `held_before` (read by the
        /// owner just before the send), at most `amount`; native currency arrives exact. What
        /// the escrow holds must still cover every account's balance. Caller: the owner. Emits
        /// `Deposited`. Errors: `NotOwner`, `ZeroAmount`, `ValueMismatch`, `TokenCallFailed`,
        /// `TokenTransferMismatch`, `Overflow`.
        #[ink(message, payable)]
        fn credit_received(
            &mut self,
            account: AccountId,
            asset: Asset,
            amount: Balance,
            held_before: Balance,
        ) -> Result<Balance, EscrowError> {
            let (caller, value) = (self.env().caller(), self.env().transferred_value());
            let event = self.ledger.credit_received(
                caller,
                account,
                asset,
                amount,
                held_before,
                value,
                escrow_ledger::held,
            )?;
            Ok(event.map_or(0, |event| {
                let credited = event.amount;
                self.env().emit_event(event);
                credited
            }))
        }

        /// Moves `amount` of `asset` from `from`'s account to `to`'s inside this escrow.
        /// Caller: the owner. Emits `Moved`. Errors: `NotOwner`, `ZeroAmount`,
        /// `InsufficientBalance`, `Overflow`.
        #[ink(message)]
        fn move_between(
            &mut self,
            from: AccountId,
            to: AccountId,
            asset: Asset,
            amount: Balance,
        ) -> Result<(), EscrowError> {
            let event = self
                .ledger
                .move_between(self.env().caller(), from, to, asset, amount)?;
            self.env().emit_event(event);
            Ok(())
        }
    }

    impl ClosableEscrow for IssuanceEscrow {
        /// Terminates the escrow once it holds nothing for anyone: pallet-contracts refunds its
        /// storage deposit to the origin of the call (the maker closing its issuance) and sends
        /// its free native balance to `beneficiary`. Caller: the owner. Errors: `NotOwner`,
        /// `NotEmpty`. Returns nothing on success: the contract is gone.
        #[ink(message)]
        fn close(&mut self, beneficiary: AccountId) -> Result<(), EscrowError> {
            self.ledger.ensure_closable(self.env().caller())?;
            self.env().terminate_contract(beneficiary)
        }
    }
}
