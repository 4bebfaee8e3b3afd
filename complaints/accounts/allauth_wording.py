"""allauth's own Chinese, corrected where it says 您, 账户/帐号, passkey, "Hello" or uses half-width marks.

Django reads the catalogues in LOCALE_PATHS before those of installed apps, so a msgid listed here and
translated in complaints/locale wins over allauth's translation. Nothing imports this module: it only
tells makemessages which of allauth's strings to carry. Regenerate the list when allauth is upgraded
(tests/core/test_wording.py fails when an allauth string a person sees breaks the glossary).
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

ALLAUTH_WORDING = (
    gettext_lazy("You cannot remove your primary email address."),
    gettext_lazy("This email address is already associated with this account."),
    gettext_lazy("The email address and/or password you specified are not correct."),
    gettext_lazy("The phone number and/or password you specified are not correct."),
    gettext_lazy("A user is already registered with this email address."),
    gettext_lazy("Please type your current password."),
    gettext_lazy("The password reset token was invalid."),
    gettext_lazy("You cannot add more than %d email addresses."),
    gettext_lazy("The email address is not assigned to any user account."),
    gettext_lazy("Your primary email address must be verified."),
    gettext_lazy("The username and/or password you specified are not correct."),
    gettext_lazy("Be patient, you are sending too many requests."),
    gettext_lazy("Use your password"),
    gettext_lazy("Mark selected email addresses as verified"),
    gettext_lazy("Accounts"),
    gettext_lazy("Email"),
    gettext_lazy("Email address"),
    gettext_lazy("Username, email or phone"),
    gettext_lazy("Email or phone"),
    gettext_lazy("Email (again)"),
    gettext_lazy("Email address confirmation"),
    gettext_lazy("Email (optional)"),
    gettext_lazy("You must type the same email each time."),
    gettext_lazy("email address"),
    gettext_lazy("email addresses"),
    gettext_lazy("email confirmation"),
    gettext_lazy("email confirmations"),
    gettext_lazy("View your user ID"),
    gettext_lazy("View your email address"),
    gettext_lazy("View your basic profile information"),
    gettext_lazy("URI '{}' contains more than one wildcard (*). Only one wildcard per URI is allowed."),
    gettext_lazy(
        "Allow wildcards (*) in redirect URIs and CORS origins. When enabled, URIs can contain a single asterisk to match subdomains."
    ),
    gettext_lazy("You cannot add an email address to an account protected by two-factor authentication."),
    gettext_lazy("You cannot deactivate two-factor authentication."),
    gettext_lazy("You cannot generate recovery codes without having two-factor authentication enabled."),
    gettext_lazy("You cannot activate two-factor authentication until you have verified your email address."),
    gettext_lazy(
        "Enabling passwordless operation allows you to sign in using just this key, but imposes additional requirements such as biometrics or PIN protection."
    ),
    gettext_lazy(
        "An account already exists with this email address. Please sign in to that account first, then connect your %s account."
    ),
    gettext_lazy("Your account has no password set up."),
    gettext_lazy("Your account has no verified email address."),
    gettext_lazy("You cannot disconnect your last remaining third-party account."),
    gettext_lazy("The third-party account is already connected to a different account."),
    gettext_lazy("Social Accounts"),
    gettext_lazy("social account"),
    gettext_lazy("Please reauthenticate to safeguard your account."),
    gettext_lazy("Email Verification"),
    gettext_lazy("Enter Email Verification Code"),
    gettext_lazy("Use a different email address"),
    gettext_lazy("Email Addresses"),
    gettext_lazy("The following email addresses are associated with your account:"),
    gettext_lazy("Primary"),
    gettext_lazy("Re-send Verification"),
    gettext_lazy("Add Email Address"),
    gettext_lazy("Add Email"),
    gettext_lazy("Do you really want to remove the selected email address?"),
    gettext_lazy(
        "You are receiving this email because you or someone else tried to signup for an\naccount using email address:\n\n%(email)s\n\nHowever, an account using that email address already exists.  In case you have\nforgotten about this, please use the password forgotten procedure to recover\nyour account:\n\n%(password_reset_url)s"
    ),
    gettext_lazy("Account Already Exists"),
    gettext_lazy("Hello from %(site_name)s!"),
    gettext_lazy("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_lazy("You are receiving this mail because the following change was made to your account:"),
    gettext_lazy(
        "If you do not recognize this change then please take proper security precautions immediately. The change to your account originates from:\n\n- IP address: %(ip)s\n- Browser: %(user_agent)s\n- Date: %(timestamp)s"
    ),
    gettext_lazy("Your email has been changed from %(from_email)s to %(to_email)s."),
    gettext_lazy("Email Changed"),
    gettext_lazy("Your email has been confirmed."),
    gettext_lazy("Email Confirmation"),
    gettext_lazy(
        "You're receiving this email because user %(user_display)s has given your email address to register an account on %(site_domain)s."
    ),
    gettext_lazy(
        "Your email verification code is listed below. Please enter it in your open browser window."
    ),
    gettext_lazy("Please Confirm Your Email Address"),
    gettext_lazy("Email address %(deleted_email)s has been removed from your account."),
    gettext_lazy("Email Removed"),
    gettext_lazy("Your sign-in code is listed below. Please enter it in your open browser window."),
    gettext_lazy("This mail can be safely ignored if you did not initiate this action."),
    gettext_lazy("Your password has been changed."),
    gettext_lazy("Your password reset code is listed below. Please enter it in your open browser window."),
    gettext_lazy(
        "You're receiving this email because you or someone else has requested a password reset for your user account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset your password."
    ),
    gettext_lazy("In case you forgot, your username is %(username)s."),
    gettext_lazy("Your password has been reset."),
    gettext_lazy("Your password has been set."),
    gettext_lazy(
        "You are receiving this email because you, or someone else, tried to access an account with email %(email)s. However, we do not have any record of such an account in our database."
    ),
    gettext_lazy("If it was you, you can sign up for an account using the link below."),
    gettext_lazy("Email Address"),
    gettext_lazy("Current email"),
    gettext_lazy("Your email address is still pending verification."),
    gettext_lazy("Change Email"),
    gettext_lazy("Confirm Email Address"),
    gettext_lazy(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
    ),
    gettext_lazy("Unable to confirm %(email)s because it is already confirmed by a different account."),
    gettext_lazy(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_lazy("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_lazy("Sign in with a passkey"),
    gettext_lazy("Sign Out"),
    gettext_lazy("Are you sure you want to sign out?"),
    gettext_lazy("You cannot remove your primary email address (%(email)s)."),
    gettext_lazy("You have confirmed %(email)s."),
    gettext_lazy("Removed email address %(email)s."),
    gettext_lazy("You have signed out."),
    gettext_lazy("You have verified phone number %(phone)s."),
    gettext_lazy("Primary email address set."),
    gettext_lazy(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    gettext_lazy(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_lazy("Your password is now changed."),
    gettext_lazy("Your phone number is still pending verification."),
    gettext_lazy("Enter your password:"),
    gettext_lazy("You will receive a special code for a password-free sign-in."),
    gettext_lazy("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_lazy("Sign up using a passkey"),
    gettext_lazy("Passkey Sign Up"),
    gettext_lazy("You are already logged in as %(user_display)s."),
    gettext_lazy(
        "You currently do not have any email address set up. You should really add an email address so you can receive notifications, reset your password, etc."
    ),
    gettext_lazy("Verify Your Email Address"),
    gettext_lazy(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes."
    ),
    gettext_lazy(
        "This part of the site requires us to verify that\nyou are who you claim to be. For this purpose, we require that you\nverify ownership of your email address. "
    ),
    gettext_lazy(
        "We have sent an email to you for\nverification. Please click on the link inside that email. If you do not see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not receive it within a few minutes."
    ),
    gettext_lazy(
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.'
    ),
    gettext_lazy("Two-Factor Authentication"),
    gettext_lazy("%(client_name)s wants to access your %(site_name)s account."),
    gettext_lazy("Enter the code displayed on your device."),
    gettext_lazy("Please confirm the code shown on your %(client_name)s to authorize this device."),
    gettext_lazy("You successfully authorized your %(client_name)s device."),
    gettext_lazy("Authorization for your %(client_name)s device has been denied."),
    gettext_lazy(
        "Your account is protected by two-factor authentication. Please enter an authenticator code:"
    ),
    gettext_lazy("A new set of Two-Factor Authentication recovery codes has been generated."),
    gettext_lazy("Authentication using an authenticator app is active."),
    ngettext_lazy("You have added %(count)s security key.", "You have added %(count)s security keys.", 1),
    gettext_lazy("You are about to generate a new set of recovery codes for your account."),
    gettext_lazy("This action will invalidate your existing codes."),
    gettext_lazy(
        "To protect your account with two-factor authentication, scan the QR code below with your authenticator app. Then, input the verification code generated by the app below."
    ),
    gettext_lazy("You can store this secret and use it to reinstall your authenticator app at a later time."),
    gettext_lazy("You are about to deactivate authenticator app based authentication. Are you sure?"),
    gettext_lazy(
        "If you choose to trust this browser, you will not be asked for a verification code the next time you sign in."
    ),
    gettext_lazy("Are you sure you want to remove this security key?"),
    gettext_lazy("Passkey"),
    gettext_lazy("This key does not indicate whether it is a passkey."),
    gettext_lazy("Create Passkey"),
    gettext_lazy(
        "You are about to create a passkey for your account. As you can add additional keys later on, you can use a descriptive name to tell the keys apart."
    ),
    gettext_lazy("An error occurred while attempting to login via your third-party account."),
    gettext_lazy("You can sign in to your account using any of the following third-party accounts:"),
    gettext_lazy("You currently have no third-party accounts connected to this account."),
    gettext_lazy("A third-party account from %(provider)s has been connected to your account."),
    gettext_lazy("A third-party account from %(provider)s has been disconnected from your account."),
    gettext_lazy("You are about to connect a new third-party account from %(provider)s."),
    gettext_lazy("You are about to sign in using a third-party account from %(provider)s."),
    gettext_lazy(
        'You decided to cancel logging in to our site using one of your existing accounts. If this was a mistake, please proceed to <a href="%(login_url)s">sign in</a>.'
    ),
    gettext_lazy(
        "You are about to use your %(provider_name)s account to login to\n%(site_name)s. As a final step, please complete the following form:"
    ),
)
