//! The issuance escrow: one per issuance, instantiated by the manager at `create_issuance`.
//! It holds the assets the issuance locked, per account and per asset. Users can only read it;
//! the manager (its owner) moves assets in, out, and between accounts (SPEC §2, §6).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod issuance_escrow {
    use escrow_ledger::Ledger;
    use traits::{Asset, Escrow, EscrowError};

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
        #[ink(message)]
        fn balance_of(&self, account: AccountId, asset: Asset) -> Balance {
            self.ledger.balance_of(account, asset)
        }

        #[ink(message)]
        fn total_held(&self, asset: Asset) -> Balance {
            self.ledger.total_held(asset)
        }

        #[ink(message)]
        fn owner(&self) -> AccountId {
            self.ledger.owner()
        }

        #[ink(message, payable)]
        fn deposit_for(
            &mut self,
            account: AccountId,
            asset: Asset,
            amount: Balance,
        ) -> Result<(), EscrowError> {
            let (caller, value) = (self.env().caller(), self.env().transferred_value());
            let event = self
                .ledger
                .deposit_for(caller, account, asset, amount, value)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message, payable)]
        fn withdraw_for(
            &mut self,
            account: AccountId,
            asset: Asset,
            amount: Balance,
        ) -> Result<(), EscrowError> {
            let (caller, value) = (self.env().caller(), self.env().transferred_value());
            let event = self
                .ledger
                .withdraw_for(caller, account, asset, amount, value)?;
            self.env().emit_event(event);
            Ok(())
        }

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
}
