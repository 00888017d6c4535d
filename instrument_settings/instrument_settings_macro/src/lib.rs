//! `#[instrument_settings::instrument]`, written above `#[ink::contract]` on an instrument's
//! module: adds the `Instrument` trait's messages (owner, whitelists, fees), each delegated to the
//! contract's `settings: InstrumentSettings` field and documented once here, so every instrument
//! has the same FSP access point and contracts-UI shows the same docs for it.
//!
//! ink! needs every message spelled out inside the `#[ink::contract]` module; an attribute that
//! runs before ink's (rather than a `macro_rules!`) keeps the added tokens in the caller's
//! hygiene context, where ink's generated receivers resolve.

use proc_macro::TokenStream;
use quote::{quote, ToTokens};
use syn::{parse_macro_input, Item, ItemMod};

/// Adds `impl Instrument for <the #[ink(storage)] struct>` to the module.
#[proc_macro_attribute]
pub fn instrument(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return error("#[instrument] takes no arguments");
    }
    let mut module = parse_macro_input!(item as ItemMod);
    let Some((_, items)) = module.content.as_mut() else {
        return error("#[instrument] needs an inline module: `mod name { ... }`");
    };
    let storage = items.iter().find_map(|item| match item {
        Item::Struct(s) if s.attrs.iter().any(is_ink_storage) => Some(s.ident.clone()),
        _ => None,
    });
    let Some(storage) = storage else {
        return error("#[instrument] needs the module's #[ink(storage)] struct");
    };
    items.push(syn::parse_quote! {
        impl ::instrument_settings::traits::Instrument for #storage {
            /// The FSP that owns the instrument. Anyone.
            #[ink(message)]
            fn owner(&self) -> AccountId {
                self.settings.owner()
            }

            /// Whether `maker` may create issuances (always, when the maker whitelist is off).
            /// Anyone.
            #[ink(message)]
            fn is_maker_allowed(&self, maker: AccountId) -> bool {
                self.settings.is_maker_allowed(maker)
            }

            /// Whether `taker` may engage issuances (always, when the taker whitelist is off).
            /// Anyone.
            #[ink(message)]
            fn is_taker_allowed(&self, taker: AccountId) -> bool {
                self.settings.is_taker_allowed(taker)
            }

            /// The maker and taker fees and their recipient; a manager fixes them for an
            /// issuance when it is created. Anyone.
            #[ink(message)]
            fn fees(&self) -> ::instrument_settings::traits::Fees {
                self.settings.fees()
            }

            /// `None` if `maker` may not create issuances, else the fees of one it creates
            /// now: what a manager asks at every create. Anyone.
            #[ink(message)]
            fn maker_terms(
                &self,
                maker: AccountId,
            ) -> Option<::instrument_settings::traits::Fees> {
                self.settings.maker_terms(maker)
            }

            /// Turns the maker whitelist on or off. Caller: the owner. Errors: `NotOwner`.
            #[ink(message)]
            fn set_maker_whitelist_enabled(
                &mut self,
                enabled: bool,
            ) -> Result<(), ::instrument_settings::traits::InstrumentError> {
                self.settings.set_maker_whitelist_enabled(self.env().caller(), enabled)
            }

            /// Adds `maker` to (or removes it from) the maker whitelist. Caller: the owner.
            /// Errors: `NotOwner`.
            #[ink(message)]
            fn set_maker_allowed(
                &mut self,
                maker: AccountId,
                allowed: bool,
            ) -> Result<(), ::instrument_settings::traits::InstrumentError> {
                self.settings.set_maker_allowed(self.env().caller(), maker, allowed)
            }

            /// Turns the taker whitelist on or off. Caller: the owner. Errors: `NotOwner`.
            #[ink(message)]
            fn set_taker_whitelist_enabled(
                &mut self,
                enabled: bool,
            ) -> Result<(), ::instrument_settings::traits::InstrumentError> {
                self.settings.set_taker_whitelist_enabled(self.env().caller(), enabled)
            }

            /// Adds `taker` to (or removes it from) the taker whitelist. Caller: the owner.
            /// Errors: `NotOwner`.
            #[ink(message)]
            fn set_taker_allowed(
                &mut self,
                taker: AccountId,
                allowed: bool,
            ) -> Result<(), ::instrument_settings::traits::InstrumentError> {
                self.settings.set_taker_allowed(self.env().caller(), taker, allowed)
            }

            /// Sets (or clears) the maker and taker fees, for issuances created from now on.
            /// Caller: the owner. Errors: `NotOwner`.
            #[ink(message)]
            fn set_fees(
                &mut self,
                maker_fee: Option<::instrument_settings::traits::Fee>,
                taker_fee: Option<::instrument_settings::traits::Fee>,
            ) -> Result<(), ::instrument_settings::traits::InstrumentError> {
                self.settings.set_fees(self.env().caller(), maker_fee, taker_fee)
            }

            /// Sets the fee recipient, for issuances created from now on. Caller: the owner.
            /// Errors: `NotOwner`.
            #[ink(message)]
            fn set_fee_recipient(
                &mut self,
                recipient: AccountId,
            ) -> Result<(), ::instrument_settings::traits::InstrumentError> {
                self.settings.set_fee_recipient(self.env().caller(), recipient)
            }
        }
    });
    module.into_token_stream().into()
}

fn is_ink_storage(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("ink") && attr.to_token_stream().to_string().contains("storage")
}

fn error(message: &str) -> TokenStream {
    quote!(::core::compile_error!(#message);).into()
}
