//! Instrument-wide parameters, the same for every instrument: the owner (the FSP), maker and
//! taker whitelists, maker and taker fees, and the fee recipient. Instruments keep one
//! [`InstrumentSettings`] in a field named `settings` and get the `Instrument` trait's messages,
//! delegated to it, from [`instrument`] written above `#[ink::contract]`.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub use instrument_settings_macro::instrument;
/// The shared types, for the messages [`instrument`] writes.
pub use traits;

use ink::storage::Mapping;
use traits::{AccountId, Fee, Fees, InstrumentError};

/// The FSP's settings of one instrument.
#[ink::storage_item]
#[derive(Debug)]
pub struct InstrumentSettings {
    owner: AccountId,
    maker_whitelist_enabled: bool,
    makers: Mapping<AccountId, ()>,
    taker_whitelist_enabled: bool,
    takers: Mapping<AccountId, ()>,
    maker_fee: Option<Fee>,
    taker_fee: Option<Fee>,
    fee_recipient: AccountId,
}

impl InstrumentSettings {
    /// Settings owned by `owner`, who also receives fees; no whitelist, no fee.
    pub fn new(owner: AccountId) -> Self {
        Self {
            owner,
            maker_whitelist_enabled: false,
            makers: Mapping::default(),
            taker_whitelist_enabled: false,
            takers: Mapping::default(),
            maker_fee: None,
            taker_fee: None,
            fee_recipient: owner,
        }
    }

    /// The FSP.
    pub fn owner(&self) -> AccountId {
        self.owner
    }

    /// Fails with `NotOwner` unless `caller` is the owner.
    pub fn ensure_owner(&self, caller: AccountId) -> Result<(), InstrumentError> {
        if caller == self.owner {
            Ok(())
        } else {
            Err(InstrumentError::NotOwner)
        }
    }

    /// Whether `maker` may create issuances.
    pub fn is_maker_allowed(&self, maker: AccountId) -> bool {
        !self.maker_whitelist_enabled || self.makers.contains(maker)
    }

    /// Whether `taker` may engage issuances.
    pub fn is_taker_allowed(&self, taker: AccountId) -> bool {
        !self.taker_whitelist_enabled || self.takers.contains(taker)
    }

    /// The fees (a zero fee is none) and who receives them.
    pub fn fees(&self) -> Fees {
        let charged = |fee: Option<Fee>| fee.filter(|fee| fee.amount > 0);
        Fees {
            maker: charged(self.maker_fee),
            taker: charged(self.taker_fee),
            recipient: self.fee_recipient,
        }
    }

    /// `None` if `maker` may not create issuances, else the fees of one it creates now.
    pub fn maker_terms(&self, maker: AccountId) -> Option<Fees> {
        self.is_maker_allowed(maker).then(|| self.fees())
    }

    /// Turns the maker whitelist on or off (owner only).
    pub fn set_maker_whitelist_enabled(
        &mut self,
        caller: AccountId,
        enabled: bool,
    ) -> Result<(), InstrumentError> {
        self.ensure_owner(caller)?;
        self.maker_whitelist_enabled = enabled;
        Ok(())
    }

    /// Adds or removes a maker (owner only).
    pub fn set_maker_allowed(
        &mut self,
        caller: AccountId,
        maker: AccountId,
        allowed: bool,
    ) -> Result<(), InstrumentError> {
        self.ensure_owner(caller)?;
        set_membership(&mut self.makers, maker, allowed);
        Ok(())
    }

    /// Turns the taker whitelist on or off (owner only).
    pub fn set_taker_whitelist_enabled(
        &mut self,
        caller: AccountId,
        enabled: bool,
    ) -> Result<(), InstrumentError> {
        self.ensure_owner(caller)?;
        self.taker_whitelist_enabled = enabled;
        Ok(())
    }

    /// Adds or removes a taker (owner only).
    pub fn set_taker_allowed(
        &mut self,
        caller: AccountId,
        taker: AccountId,
        allowed: bool,
    ) -> Result<(), InstrumentError> {
        self.ensure_owner(caller)?;
        set_membership(&mut self.takers, taker, allowed);
        Ok(())
    }

    /// Sets both fees (owner only).
    pub fn set_fees(
        &mut self,
        caller: AccountId,
        maker_fee: Option<Fee>,
        taker_fee: Option<Fee>,
    ) -> Result<(), InstrumentError> {
        self.ensure_owner(caller)?;
        self.maker_fee = maker_fee;
        self.taker_fee = taker_fee;
        Ok(())
    }

    /// Sets the fee recipient (owner only).
    pub fn set_fee_recipient(
        &mut self,
        caller: AccountId,
        recipient: AccountId,
    ) -> Result<(), InstrumentError> {
        self.ensure_owner(caller)?;
        self.fee_recipient = recipient;
        Ok(())
    }
}

fn set_membership<K: ink::storage::traits::StorageKey>(
    set: &mut Mapping<AccountId, (), K>,
    account: AccountId,
    member: bool,
) {
    if member {
        set.insert(account, &());
    } else {
        set.remove(account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use traits::Asset;

    fn account(byte: u8) -> AccountId {
        AccountId::from([byte; 32])
    }

    #[ink::test]
    fn whitelists_are_open_until_enabled() {
        let (fsp, maker) = (account(1), account(2));
        let mut settings = InstrumentSettings::new(fsp);
        assert!(settings.is_maker_allowed(maker) && settings.is_taker_allowed(maker));
        settings.set_maker_whitelist_enabled(fsp, true).unwrap();
        assert!(!settings.is_maker_allowed(maker));
        assert!(
            settings.is_taker_allowed(maker),
            "the taker whitelist is separate"
        );
        settings.set_maker_allowed(fsp, maker, true).unwrap();
        assert!(settings.is_maker_allowed(maker));
        settings.set_maker_allowed(fsp, maker, false).unwrap();
        assert!(!settings.is_maker_allowed(maker));
    }

    #[ink::test]
    fn maker_terms_are_the_whitelist_and_the_fees_in_one_answer() {
        let (fsp, maker) = (account(1), account(2));
        let mut settings = InstrumentSettings::new(fsp);
        let fee = Some(Fee {
            asset: Asset::Native,
            amount: 5,
        });
        settings.set_fees(fsp, fee, None).unwrap();
        assert_eq!(settings.maker_terms(maker), Some(settings.fees()));
        settings.set_maker_whitelist_enabled(fsp, true).unwrap();
        assert_eq!(settings.maker_terms(maker), None);
        settings.set_maker_allowed(fsp, maker, true).unwrap();
        assert_eq!(settings.maker_terms(maker).and_then(|fees| fees.maker), fee);
    }

    #[ink::test]
    fn only_the_owner_changes_settings() {
        let (fsp, other) = (account(1), account(2));
        let mut settings = InstrumentSettings::new(fsp);
        let fee = Some(Fee {
            asset: Asset::Native,
            amount: 5,
        });
        assert_eq!(
            settings.set_fees(other, fee, fee),
            Err(InstrumentError::NotOwner)
        );
        assert_eq!(
            settings.set_fee_recipient(other, other),
            Err(InstrumentError::NotOwner)
        );
        assert_eq!(
            settings.set_taker_whitelist_enabled(other, true),
            Err(InstrumentError::NotOwner)
        );
        assert_eq!(
            settings.set_taker_allowed(other, other, true),
            Err(InstrumentError::NotOwner)
        );
        assert_eq!(
            settings.fees(),
            Fees {
                maker: None,
                taker: None,
                recipient: fsp
            }
        );
        settings.set_fees(fsp, fee, None).unwrap();
        assert_eq!(settings.fees().maker, fee);
    }

    #[ink::test]
    fn a_zero_fee_is_no_fee() {
        let fsp = account(1);
        let mut settings = InstrumentSettings::new(fsp);
        settings
            .set_fees(
                fsp,
                Some(Fee {
                    asset: Asset::Native,
                    amount: 0,
                }),
                None,
            )
            .unwrap();
        assert_eq!(settings.fees().maker, None);
    }
}
